/* Site-wide search: the header's field (base.html) looks words up in the static index that
   render/search/mod.rs writes into search/, fetching only the shards and chunks a query needs
   (kept in memory), never anything from another host. Queries are folded and cut into tokens by
   the same rules as the index (see the Rust module's doc): lower case, marks dropped, runs of
   letters and digits, CJK and Hangul by character bigrams. Every query word must match a token
   it begins; title and term matches come first, then by how well the words match, then in
   timeline order. Without this script the form goes to search/index.html, which lists the terms
   and years. */
(function () {
  var form = document.querySelector('form.site-search');
  if (!form) return;
  var input = form.querySelector('input[name="q"]');
  var panel = document.getElementById('site-search-panel');
  var status = panel.querySelector('.search-status');
  var chipBox = panel.querySelector('.search-chips');
  var list = panel.querySelector('.search-results');
  var more = panel.querySelector('.search-more');
  var labels = {};
  panel.querySelectorAll('.search-labels li').forEach(function (li) { labels[li.dataset.name] = li.textContent; });
  var strings = form.dataset;
  var base = form.dataset.root + 'search/';
  var PAGE = 10;
  var TERM = 2;

  // --- '/' focuses the field (not while typing in another one) ---------------------------
  document.addEventListener('keydown', function (ev) {
    if (ev.key !== '/' || ev.altKey || ev.ctrlKey || ev.metaKey) return;
    var t = ev.target;
    if (t && (t.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(t.tagName))) return;
    ev.preventDefault();
    input.focus();
    input.select();
  });

  function say(text) {
    panel.hidden = false;
    status.textContent = text;
  }

  // Browsers refuse to fetch from a page opened from disk: say so rather than fail silently.
  if (location.protocol === 'file:') {
    input.addEventListener('input', function () { say(strings.needsHttp); list.textContent = ''; });
    return;
  }

  // --- tokens, as the index makes them -----------------------------------------------------
  var CJK = /[\u1100-\u11FF\u3040-\u30FF\u3130-\u318F\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7A3\uF900-\uFAFF\u{20000}-\u{2FFFF}]/u;
  var RUNS = /[\u1100-\u11FF\u3040-\u30FF\u3130-\u318F\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7A3\uF900-\uFAFF\u{20000}-\u{2FFFF}]+|[^\u1100-\u11FF\u3040-\u30FF\u3130-\u318F\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7A3\uF900-\uFAFF\u{20000}-\u{2FFFF}]+/gu;
  function fold(s) {
    return s.toLowerCase().replace(/[^\uAC00-\uD7A3]+/g, function (part) {
      return part.normalize('NFD').replace(/\p{M}/gu, '');
    });
  }
  function tokens(s) {
    var out = [];
    (fold(s).match(/[\p{Alphabetic}\p{N}]+/gu) || []).forEach(function (word) {
      word.match(RUNS).forEach(function (run) {
        var chars = Array.from(run);
        if (CJK.test(chars[0])) {
          if (chars.length === 1) out.push(run);
          for (var i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
        } else if (chars.length > 1) {
          out.push(chars.slice(0, 24).join(''));
        }
      });
    });
    return out.filter(function (t, i) { return out.indexOf(t) === i; });
  }
  function fileKey(key) {
    return Array.from(key).map(function (c) {
      return /[a-z0-9]/.test(c) ? c : '_' + c.codePointAt(0).toString(16) + '_';
    }).join('');
  }

  // --- the index's files, each fetched once -----------------------------------------------
  var cache = {};
  function get(path) {
    if (!cache[path]) {
      cache[path] = fetch(base + path).then(function (r) { return r.ok ? r.json() : null; })
        .catch(function () { return null; });
    }
    return cache[path];
  }
  // The shard a word's tokens are in, and whether the word is a split prefix typed whole (then
  // its file's `*` entry holds the best postings of every token it begins).
  function shardOf(word, split) {
    var chars = Array.from(word);
    var n = CJK.test(chars[0]) ? 1 : 2;
    while (split.indexOf(chars.slice(0, n).join('')) >= 0 && n < chars.length) n++;
    var key = chars.slice(0, n).join('');
    return { path: 't/' + fileKey(key) + '.json', whole: split.indexOf(key) >= 0 };
  }
  function rank(mask) { return mask & 1 ? 5 : mask & 2 ? 4 : mask & 4 ? 3 : mask & 8 ? 2 : 1; }

  // Docs with a token that `word` begins: doc → { score, top (a title or term match), mask }.
  function lookup(manifest, word) {
    var where = shardOf(word, manifest.split);
    return get(where.path).then(function (shard) {
      var found = new Map();
      if (!shard) return found;
      // A word's list is cut at the manifest's cap: then more documents match than it holds.
      found.partial = false;
      Object.keys(shard).forEach(function (token) {
        if (where.whole ? token !== '*' : token.lastIndexOf(word, 0) !== 0) return;
        var quality = where.whole ? 0.5 : word.length / token.length;
        var postings = shard[token];
        if (postings.length / 2 >= (manifest.cap || Infinity)) found.partial = true;
        for (var i = 0, doc = 0; i < postings.length; i += 2) {
          doc += postings[i];
          var mask = postings[i + 1];
          var score = rank(mask) * (1 + quality);
          var was = found.get(doc);
          if (!was || was.score < score) found.set(doc, { score: score, top: rank(mask) >= 4, mask: mask | (was ? was.mask : 0) });
          else was.mask |= mask;
        }
      });
      return found;
    });
  }

  function record(manifest, doc) {
    return get('d/' + Math.floor(doc / manifest.chunk) + '.json').then(function (chunk) {
      return chunk ? chunk[doc % manifest.chunk] : null;
    });
  }

  // --- showing results -----------------------------------------------------------------------
  // `text` with every place a query word begins a word marked.
  function marked(text, words) {
    var frag = document.createDocumentFragment();
    var chars = Array.from(text);
    var folded = chars.map(function (c) { return fold(c); });
    var hits = [];
    for (var i = 0; i < chars.length; i++) {
      if (i > 0 && /[\p{Alphabetic}\p{N}]/u.test(chars[i - 1]) && !CJK.test(chars[i])) continue;
      words.forEach(function (w) {
        var s = '', j = i;
        while (s.length < w.length && j < chars.length) s += folded[j++];
        if (s.lastIndexOf(w, 0) === 0 && (!hits.length || hits[hits.length - 1][1] <= i)) hits.push([i, j]);
      });
    }
    var at = 0;
    hits.forEach(function (h) {
      if (h[0] < at) return;
      frag.appendChild(document.createTextNode(chars.slice(at, h[0]).join('')));
      var mark = document.createElement('mark');
      mark.textContent = chars.slice(h[0], h[1]).join('');
      frag.appendChild(mark);
      at = h[1];
    });
    frag.appendChild(document.createTextNode(chars.slice(at).join('')));
    return { node: frag, first: hits.length ? hits[0][0] : -1 };
  }
  function snippet(text, words) {
    var chars = Array.from(text || '');
    var probe = marked(text || '', words);
    if (probe.first > 60) text = '…' + chars.slice(probe.first - 40).join('');
    if (Array.from(text).length > 160) text = Array.from(text).slice(0, 160).join('') + '…';
    return marked(text, words).node;
  }

  function item(rec, words) {
    var li = document.createElement('li');
    var a = document.createElement('a');
    a.href = form.dataset.root + rec[1];
    var date = document.createElement('span');
    date.className = 'search-date';
    date.textContent = rec[3] || (rec[0] === 1 ? strings.article : '');
    var title = document.createElement('span');
    title.className = 'search-title';
    title.appendChild(marked(rec[2], words).node);
    a.appendChild(date);
    a.appendChild(title);
    li.appendChild(a);
    if (rec[4]) {
      var p = document.createElement('p');
      p.className = 'search-snippet';
      p.appendChild(snippet(rec[4], words));
      li.appendChild(p);
    }
    a.addEventListener('click', function () { panel.hidden = true; });
    return li;
  }

  var run = 0;
  var state = null;

  function search(query) {
    var mine = ++run;
    var words = tokens(query);
    chipBox.textContent = '';
    if (!query.trim()) { panel.hidden = true; return Promise.resolve(); }
    if (!words.length) { list.textContent = ''; more.hidden = true; say(strings.tooShort); return Promise.resolve(); }
    return get('manifest.json').then(function (manifest) {
      if (!manifest) { say(strings.failed); return; }
      return Promise.all(words.map(function (w) { return lookup(manifest, w); })).then(function (maps) {
        if (mine !== run) return;
        var docs = [];
        maps[0].forEach(function (hit, doc) {
          var score = 0, top = true, mask = 0;
          for (var i = 0; i < maps.length; i++) {
            var h = maps[i].get(doc);
            if (!h) return;
            score += h.score;
            top = top && h.top;
            mask |= h.mask;
          }
          docs.push({ doc: doc, score: score, top: top });
        });
        docs.sort(function (x, y) { return (y.top - x.top) || (y.score - x.score) || (x.doc - y.doc); });
        var partial = maps.some(function (m) { return m.partial; });
        state = { manifest: manifest, words: words, all: docs, docs: docs, shown: 0, narrowed: null, partial: partial };
        list.textContent = '';
        return show(mine);
      });
    });
  }

  function show(mine) {
    var s = state;
    var page = s.docs.slice(s.shown, s.shown + PAGE);
    return Promise.all(page.map(function (d) { return record(s.manifest, d.doc); })).then(function (recs) {
      if (mine !== run) return;
      recs.forEach(function (rec) { if (rec) list.appendChild(item(rec, s.words)); });
      s.shown += page.length;
      s.records = (s.records || []).concat(recs.filter(Boolean));
      more.hidden = s.shown >= s.docs.length;
      var count = s.partial ? strings.countMore : strings.count;
      say(s.docs.length ? count.replace('{n}', s.docs.length) : strings.none.replace('{q}', input.value.trim()));
      chips();
    });
  }

  // --- narrowing by the terms of the results shown, as the in-page filters do --------------
  function chips() {
    var s = state;
    chipBox.textContent = '';
    var seen = {};
    var terms = [];
    s.records.forEach(function (rec) {
      Object.keys(rec[5] || {}).forEach(function (tax) {
        rec[5][tax].forEach(function (name) {
          var key = tax + '/' + name;
          if (!seen[key]) { seen[key] = true; terms.push([tax, name]); }
        });
      });
    });
    if (!terms.length && !s.narrowed) return;
    var label = document.createElement('span');
    label.className = 'search-chips-label';
    label.textContent = strings.narrow;
    chipBox.appendChild(label);
    if (s.narrowed) terms = [s.narrowed];
    terms.slice(0, 12).forEach(function (t) {
      var b = document.createElement('button');
      b.type = 'button';
      b.className = 'chip';
      var on = s.narrowed && s.narrowed[0] === t[0] && s.narrowed[1] === t[1];
      b.setAttribute('aria-pressed', on ? 'true' : 'false');
      b.textContent = (labels[t[0]] ? labels[t[0]] + ': ' : '') + t[1];
      b.addEventListener('click', function () { narrow(on ? null : t); });
      chipBox.appendChild(b);
    });
  }
  function narrow(term) {
    var s = state;
    var mine = ++run;
    var done = function (docs) {
      if (mine !== run) return;
      s.narrowed = term;
      s.docs = docs;
      s.shown = 0;
      s.records = [];
      list.textContent = '';
      return show(mine);
    };
    if (!term) return done(s.all);
    var words = tokens(term[1]);
    return Promise.all(words.map(function (w) { return lookup(s.manifest, w); })).then(function (maps) {
      done(s.all.filter(function (d) {
        return maps.every(function (m) { var h = m.get(d.doc); return h && h.mask & TERM; });
      }));
    });
  }

  // --- the field --------------------------------------------------------------------------
  input.addEventListener('input', function () { search(input.value); });
  input.addEventListener('focus', function () { if (input.value.trim() && state) panel.hidden = false; });
  more.addEventListener('click', function () { show(run); });
  form.addEventListener('submit', function (ev) {
    // On the search page the results are here; elsewhere they are below the field already.
    ev.preventDefault();
    search(input.value);
  });
  form.addEventListener('keydown', function (ev) {
    var links = Array.prototype.slice.call(list.querySelectorAll('a'));
    var i = links.indexOf(document.activeElement);
    if (ev.key === 'Escape') { panel.hidden = true; input.focus(); return; }
    if (ev.key !== 'ArrowDown' && ev.key !== 'ArrowUp') return;
    if (!links.length || panel.hidden) return;
    ev.preventDefault();
    var next = ev.key === 'ArrowDown' ? Math.min(links.length - 1, i + 1) : i - 1;
    if (next < 0) input.focus(); else links[next].focus();
  });
  document.addEventListener('click', function (ev) {
    if (!form.contains(ev.target)) panel.hidden = true;
  });
  var q = new URLSearchParams(location.search).get('q');
  if (q && document.body.classList.contains('page-search')) {
    input.value = q;
    search(q);
  }
  // The in-page filters offer this search when they match nothing on the page.
  window.annalistSearch = function (query) {
    input.value = query;
    input.focus();
    search(query);
    window.scrollTo(0, 0);
  };
})();
