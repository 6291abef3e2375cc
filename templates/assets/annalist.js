/* annalist default theme: optional enhancements. Without this file every page is whole and
   navigable; with it a timeline page gains filters by term and source and a search box (the
   state kept in the URL's query string, so a filtered view can be shared), jump-to-year that
   skips hidden years, j / k to move between events, and #event-id links that scroll to the
   event and highlight it; the copy buttons of "Embed this timeline". No dependencies. */
(function () {
  'use strict';

  // --- media: a YouTube or Vimeo card becomes the privacy-enhanced player on a click; until
  // then the page loads nothing from either (without this script the card is a plain link).
  document.addEventListener('click', function (ev) {
    var card = ev.target.closest && ev.target.closest('a[data-embed]');
    if (!card || ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
    var id = card.getAttribute('data-video');
    if (!/^[A-Za-z0-9_-]+$/.test(id || '')) return;
    var src = card.getAttribute('data-embed') === 'vimeo'
      ? 'https://player.vimeo.com/video/' + id + '?dnt=1&autoplay=1'
      : 'https://www.youtube-nocookie.com/embed/' + id + '?autoplay=1';
    var frame = document.createElement('iframe');
    frame.src = src;
    frame.title = card.textContent.trim();
    frame.allow = 'autoplay; fullscreen; picture-in-picture';
    frame.setAttribute('allowfullscreen', '');
    frame.className = 'medium-player';
    ev.preventDefault();
    card.replaceWith(frame);
    frame.focus();
  });
})();

(function () {
  'use strict';
  // --- copy buttons: the embed code to the clipboard (without them it is selectable text) --
  document.querySelectorAll('.copy-button[data-copy]').forEach(function (button) {
    var code = document.getElementById(button.dataset.copy);
    if (!code || !navigator.clipboard) return;
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener('click', function () {
      navigator.clipboard.writeText(code.textContent).then(function () {
        button.textContent = button.dataset.copied || label;
        setTimeout(function () { button.textContent = label; }, 2000);
      }, function () {
        window.getSelection().selectAllChildren(code);
      });
    });
  });

  var HIGHLIGHT = 'is-highlighted';
  var events = Array.prototype.slice.call(document.querySelectorAll('.event'));
  if (!events.length) return;

  // --- deep links: #event-id scrolls to the event, highlights and focuses it -------------
  function highlight(id, focus) {
    var target = id && document.getElementById(id);
    if (!target || !target.classList.contains('event')) return;
    if (target.hidden && form) { form.reset(); apply(true); }
    events.forEach(function (e) { e.classList.remove(HIGHLIGHT); });
    target.classList.add(HIGHLIGHT);
    if (focus) target.focus({ preventScroll: true });
    target.scrollIntoView({ block: 'center' });
  }
  function fromHash() {
    // An embed's hash may carry WordPress's `#?secret=…` after the event id.
    var id = decodeURIComponent(location.hash.slice(1)).split(/[#?]/)[0];
    highlight(id, true);
  }
  // embed.js shows the event a framing page asks for.
  window.annalist = { highlight: highlight };

  // --- filters and search -------------------------------------------------------------
  var form = document.getElementById('filters');
  var timeline = document.querySelector('.timeline');
  var selects = form ? Array.prototype.slice.call(form.querySelectorAll('select')) : [];
  var search = form ? form.querySelector('input[name="q"]') : null;
  var status = form ? form.querySelector('.filter-status') : null;
  var empty = form ? form.querySelector('.filter-empty') : null;
  var texts = events.map(function (e) {
    var parts = e.querySelectorAll('.event-title, .event-summary');
    return normalise(Array.prototype.map.call(parts, function (p) { return p.textContent; }).join(' '));
  });

  function normalise(s) {
    return s.toLocaleLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/\s+/g, ' ');
  }
  function words(attr) { return (attr || '').split(' ').filter(Boolean); }

  function apply(writeUrl) {
    var wanted = selects.filter(function (s) { return s.value; }).map(function (s) {
      return { kind: s.dataset.kind, value: s.dataset.kind === 'terms' ? s.name + '/' + s.value : s.value };
    });
    var query = search ? normalise(search.value.trim()) : '';
    var shown = 0;
    events.forEach(function (e, i) {
      var ok = wanted.every(function (w) { return words(e.dataset[w.kind]).indexOf(w.value) >= 0; }) &&
        (!query || query.split(' ').every(function (q) { return texts[i].indexOf(q) >= 0; }));
      e.hidden = !ok;
      if (ok) shown++;
    });
    var filtering = wanted.length > 0 || query !== '';
    document.body.classList.toggle('is-filtered', filtering);
    // Hide the months and years left empty, and their jump-to-year links.
    document.querySelectorAll('.timeline .events').forEach(function (list) {
      var any = list.querySelector('.event:not([hidden])') !== null;
      list.hidden = !any;
      var label = list.previousElementSibling;
      if (label && label.classList.contains('month-label')) label.hidden = !any;
    });
    document.querySelectorAll('.timeline .year').forEach(function (year) {
      var any = year.querySelector('.event:not([hidden])') !== null;
      year.hidden = !any;
      var link = document.querySelector('.year-nav a[href="#' + year.id + '"]');
      if (link) link.parentElement.hidden = !any;
    });
    if (status) {
      status.textContent = filtering
        ? form.dataset.showing.replace('{shown}', shown).replace('{total}', events.length)
        : '';
    }
    if (empty) empty.hidden = shown > 0;
    // Nothing here: offer the site's search (search.js) for the same words.
    var offer = empty && empty.querySelector('.filter-site-search');
    if (offer) offer.hidden = !(query && window.annalistSearch);
    if (writeUrl) {
      var params = new URLSearchParams();
      if (search && search.value.trim()) params.set('q', search.value.trim());
      selects.forEach(function (s) { if (s.value) params.set(s.name, s.value); });
      // An embed's own query (Pym's childId…) stays; a sandboxed frame may refuse the change.
      new URLSearchParams(location.search).forEach(function (v, k) {
        if (!form.elements[k] && !params.has(k)) params.set(k, v);
      });
      var qs = params.toString();
      try {
        history.replaceState(null, '', location.pathname + (qs ? '?' + qs : '') + location.hash);
      } catch (e) { /* an opaque origin (a sandboxed frame) keeps its URL */ }
    }
  }

  if (form && timeline) {
    var params = new URLSearchParams(location.search);
    if (search) search.value = params.get('q') || '';
    selects.forEach(function (s) {
      var v = params.get(s.name);
      if (v && s.querySelector('option[value="' + CSS.escape(v) + '"]')) s.value = v;
    });
    form.hidden = false;
    // On an embed the filters are folded behind one button.
    var fold = form.closest('details');
    if (fold) fold.hidden = false;
    form.addEventListener('submit', function (ev) { ev.preventDefault(); });
    form.addEventListener('change', function () { apply(true); });
    if (search) search.addEventListener('input', function () { apply(true); });
    form.addEventListener('reset', function () { setTimeout(function () { apply(true); }, 0); });
    var offer = form.querySelector('.filter-site-search');
    if (offer) offer.addEventListener('click', function () { window.annalistSearch(search.value.trim()); });
    apply(false);
  }

  // --- jump to year: scroll and move focus to the year's first visible event -----------
  document.querySelectorAll('.year-nav a').forEach(function (link) {
    link.addEventListener('click', function (ev) {
      var year = document.getElementById(link.getAttribute('href').slice(1));
      if (!year) return;
      ev.preventDefault();
      history.pushState(null, '', '#' + year.id);
      year.scrollIntoView({ block: 'start' });
      var first = year.querySelector('.event:not([hidden])');
      if (first) first.focus({ preventScroll: true });
    });
  });

  // --- keyboard: j / k (or n / p) move between the visible events ----------------------
  document.addEventListener('keydown', function (ev) {
    if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
    var t = ev.target;
    if (t && (t.isContentEditable || /^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(t.tagName))) return;
    var step = { j: 1, n: 1, k: -1, p: -1 }[ev.key];
    if (!step) return;
    var visible = events.filter(function (e) { return !e.hidden; });
    if (!visible.length) return;
    var current = document.activeElement && document.activeElement.closest
      ? document.activeElement.closest('.event') : null;
    var i = visible.indexOf(current);
    var next = i < 0 ? (step > 0 ? visible[0] : visible[visible.length - 1])
      : visible[Math.min(visible.length - 1, Math.max(0, i + step))];
    ev.preventDefault();
    next.focus({ preventScroll: true });
    next.scrollIntoView({ block: 'nearest' });
  });

  window.addEventListener('hashchange', fromHash);
  if (location.hash.length > 1) fromHash();
})();

/* The time axis (partials/axis.html): the date and title of a mark on hover and focus, marks
   dimmed when the filters hide their events, and a "you are here" line that follows the list
   as it scrolls. Without this script the axis is whole: each mark is a link with a name. */
(function () {
  var svg = document.querySelector('.axis-svg');
  if (!svg) return;
  var box = svg.closest('.axis');
  var tip = document.createElement('div');
  tip.className = 'axis-tip';
  tip.hidden = true;
  tip.setAttribute('role', 'status');
  box.appendChild(tip);
  var marks = Array.prototype.slice.call(svg.querySelectorAll('a'));
  function show(a) {
    var title = a.querySelector('title');
    if (!title) return;
    tip.textContent = title.textContent;
    var r = a.getBoundingClientRect(), b = box.getBoundingClientRect();
    tip.hidden = false;
    var left = Math.min(Math.max(0, r.left - b.left), Math.max(0, b.width - tip.offsetWidth));
    tip.style.left = left + 'px';
    tip.style.top = (r.bottom - b.top + 6) + 'px';
  }
  function hide() { tip.hidden = true; }
  marks.forEach(function (a) {
    a.addEventListener('mouseenter', function () { show(a); });
    a.addEventListener('focus', function () { show(a); });
    a.addEventListener('mouseleave', hide);
    a.addEventListener('blur', hide);
  });
  function dim() {
    marks.forEach(function (a) {
      var card = a.dataset.event && document.getElementById(a.dataset.event);
      a.classList.toggle('dim', !!card && card.hidden);
    });
  }
  var list = document.querySelector('.timeline');
  if (list && window.MutationObserver) {
    new MutationObserver(dim).observe(list, { subtree: true, attributes: true, attributeFilter: ['hidden'] });
    dim();
  }
  if (!list || !window.IntersectionObserver) return;
  var line = document.createElementNS('http://www.w3.org/2000/svg', 'line');
  line.setAttribute('class', 'you-are-here');
  var height = svg.viewBox.baseVal.height;
  line.setAttribute('x1', 0); line.setAttribute('x2', 0);
  line.setAttribute('y1', 0); line.setAttribute('y2', height);
  line.style.display = 'none';
  svg.appendChild(line);
  var byId = {};
  marks.forEach(function (a) { if (a.dataset.event && !byId[a.dataset.event]) byId[a.dataset.event] = a; });
  var seen = new Set();
  function move() {
    var cards = Array.prototype.filter.call(document.querySelectorAll('.timeline .event'), function (e) { return seen.has(e); });
    var first = cards[0];
    var a = first && byId[first.id];
    if (!a) { line.style.display = 'none'; return; }
    var bb = a.getBBox();
    line.style.display = '';
    line.style.transform = 'translateX(' + (bb.x + bb.width / 2) + 'px)';
  }
  var watch = new IntersectionObserver(function (entries) {
    entries.forEach(function (e) { if (e.isIntersecting) seen.add(e.target); else seen.delete(e.target); });
    move();
  });
  document.querySelectorAll('.timeline .event').forEach(function (e) { watch.observe(e); });
})();
