/* annalist embed: the script of the embed pages (embed/…), beside annalist.js. It tells the page
   that frames the embed how tall its content is, in the two protocols newsroom CMSs speak:
   - Pym.js: when the query string has `childId` (a Pym parent adds it), the string message
     `pymxPYMx<childId>xPYMxheightxPYMx<pixels>`; it answers the parent's `width` message, asks
     the parent to scroll to an event with `scrollToChildPos`, and shows the event a parent asks
     for with `pymxPYMx<childId>xPYMxeventxPYMx<event-id>`;
   - WordPress: when the hash has `#?secret=…` (wp-embed.js adds it), the object message
     `{message: 'height', value, secret}`, and `{message: 'link', value, secret}` for a link
     (WordPress frames embeds in a sandbox that cannot navigate the top window itself).
   It sends the height again whenever the content changes size (the filters, a resize, a font
   loaded). Without a parent that listens nothing is sent and the page scrolls in its frame.
   `embed/#<event-id>` (or a parent's request) scrolls to that event and highlights it.
   Nothing is loaded from anywhere; no cookie, no storage. */
(function () {
  'use strict';

  var framed = window.parent !== window;
  var DELIMITER = 'xPYMx';
  var childId = new URLSearchParams(location.search).get('childId');
  var secret = null;
  var lastHeight = -1;

  function readSecret() {
    var m = /[#?&]secret=([A-Za-z0-9]+)/.exec(location.hash);
    if (m) secret = m[1];
  }

  function post(type, value) {
    if (!framed) return;
    if (childId) window.parent.postMessage(['pym', childId, type, String(value)].join(DELIMITER), '*');
    if (secret && (type === 'height' || type === 'link')) {
      window.parent.postMessage({ message: type, value: value, secret: secret }, '*');
    }
  }

  // The height of the content, whatever the height of the frame.
  function contentHeight() {
    return Math.ceil(document.body.getBoundingClientRect().height);
  }

  function sendHeight(always) {
    var h = contentHeight();
    if (!always && h === lastHeight) return;
    lastHeight = h;
    post('height', h);
  }

  // The event id of the hash: `#arrival`, also when WordPress added its `#?secret=…` after it.
  function hashId() {
    return decodeURIComponent(location.hash.slice(1)).split(/[#?]/)[0];
  }

  // Highlights the event (annalist.js), then scrolls to it: in the frame, and in the parent
  // page when the parent sizes the frame to its content (so the frame itself cannot scroll).
  function show(id) {
    var target = id && document.getElementById(id);
    if (!target || !target.classList.contains('event')) return;
    if (window.annalist) window.annalist.highlight(id, true);
    var top = Math.round(target.getBoundingClientRect().top + window.pageYOffset);
    if (childId) post('scrollToChildPos', top);
  }

  window.addEventListener('message', function (ev) {
    if (ev.source !== window.parent || typeof ev.data !== 'string' || !childId) return;
    var bits = ev.data.split(DELIMITER);
    if (bits.length < 4 || bits[0] !== 'pym' || bits[1] !== childId) return;
    var type = bits[2];
    var message = bits.slice(3).join(DELIMITER);
    if (type === 'width') sendHeight(true);
    else if (type === 'event') show(message);
  });

  window.addEventListener('hashchange', function () {
    readSecret();
    sendHeight(true);
    show(hashId());
  });

  // Links open in the top window (the page's <base target="_top">, or their own target), but
  // the embed's own pages (target="_self"). A link within the embed keeps the parent's query
  // (Pym's childId) and WordPress's secret, so the next page goes on sizing the frame; in
  // WordPress's sandbox a link to the top window cannot leave the frame: the parent opens it.
  document.addEventListener('click', function (ev) {
    var link = ev.target.closest ? ev.target.closest('a') : null;
    var href = link && (link.getAttribute('href') || link.getAttribute('xlink:href'));
    if (!href || !framed || ev.defaultPrevented || ev.button !== 0 ||
      ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.altKey) return;
    var url = new URL(href, document.baseURI);
    if ((link.getAttribute('target') || '_top') === '_self') {
      if (href.charAt(0) === '#' || url.pathname === location.pathname) return;
      ev.preventDefault();
      url.search = location.search;
      if (secret) url.hash = '#?secret=' + secret;
      location.href = url.href;
    } else if (secret) {
      ev.preventDefault();
      post('link', url.href);
    }
  });

  readSecret();
  if (framed) {
    document.documentElement.classList.add('is-framed');
    if (window.ResizeObserver) new ResizeObserver(function () { sendHeight(false); }).observe(document.body);
    window.addEventListener('resize', function () { sendHeight(false); });
    window.addEventListener('load', function () { sendHeight(true); });
    document.addEventListener('toggle', function () { sendHeight(false); }, true);
  }
  sendHeight(true);
  if (childId && hashId()) show(hashId());
})();
