// annalist preview: reloads the page when a rebuild finishes, swaps stylesheets when only CSS
// changed, and shows build errors over the page. Served only by `annalist serve`.
(function () {
  "use strict";
  var overlay = null;
  function hide() {
    if (overlay) { overlay.remove(); overlay = null; }
  }
  function show(text) {
    hide();
    overlay = document.createElement("div");
    overlay.id = "annalist-error";
    overlay.setAttribute("role", "alert");
    overlay.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;" +
      "margin:0;padding:1rem 1.25rem;background:#2b0a0a;color:#ffe9e9;border-top:4px solid #e5484d;" +
      "font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:pre-wrap";
    var title = document.createElement("strong");
    title.textContent = "annalist: the last change does not build; showing the last good version\n\n";
    var body = document.createElement("div");
    body.textContent = text; // text, never HTML: the message quotes the user's files
    overlay.appendChild(title);
    overlay.appendChild(body);
    document.body.appendChild(overlay);
  }
  function reloadCss() {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href);
      url.searchParams.set("annalist-reload", String(Date.now()));
      links[i].href = url.href;
    }
  }
  var source = new EventSource("/__annalist/events");
  // Marks the page once the stream is open (tests wait for it before editing a file).
  source.onopen = function () { document.documentElement.setAttribute("data-annalist-live", "open"); };
  source.onmessage = function (event) {
    var message;
    try { message = JSON.parse(event.data); } catch (e) { return; }
    if (message.type === "reload") { location.reload(); }
    else if (message.type === "css") { hide(); reloadCss(); }
    else if (message.type === "error") { show(message.message); }
  };
})();
