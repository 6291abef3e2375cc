// The embed pages of a built site in story pages, in headless Chromium.
//
//   node embed.mjs SITE_DIR TERM      (TERM: a term's folder, e.g. places/pyongyang)
//
// Serves SITE_DIR on one loopback port and host pages ("story pages") on another, so the embed
// is framed across origins as on a newsroom's site. For the site's embed and the term's:
// - a plain 600 × 400 <iframe>: the first event shows without scrolling the host, every link
//   opens in the top window (a click on a title takes the host page to the article, a click on
//   a mark of the time axis to the event on the full page), a deep
//   link (embed/#<id>) scrolls the frame to the event and highlights it, axe-core finds no
//   violation in the frame (also in dark mode, 280 px wide, without horizontal overflow, the
//   axis scrolling inside its box with readable labels), the
//   frame sets no cookie;
// - a Pym.js-style parent (Pym's string messages, written here as pym.js's Parent speaks them)
//   and a WordPress-style parent (wp-embed.js's data-secret and object messages, in its
//   sandbox): each makes the frame as tall as its content (±2 px), and again after a filter
//   narrows the list; the Pym parent asks for an event and scrolls to it;
// - every request goes to the two loopback servers; the embed loads the site's own files only.
// Runs the Nu HTML Checker on SITE_DIR/embed and saves a screenshot of an embed in a story
// page (screenshots/embed-story.png). Exits non-zero, listing every failure.

import { createServer } from 'node:http';
import { readFile, stat, mkdir } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const siteDir = path.resolve(process.argv[2] || '');
const TERM = process.argv[3] || 'places/pyongyang';
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const AXE = path.join(here, 'node_modules/axe-core/axe.min.js');
const VNU = path.join(here, 'node_modules/vnu-jar/build/dist/vnu.jar');
const shotsDir = path.join(here, 'screenshots');

const failures = [];
const fail = (msg) => { failures.push(msg); console.error(`FAIL ${msg}`); };
const check = (cond, msg) => (cond ? console.log(`ok   ${msg}`) : fail(msg));

const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml' };

function listen(handler) {
  const server = createServer(handler);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// The site, as a static host serves it (a folder's index.html at its path).
function siteHandler(counts) {
  return async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    counts.push(url.pathname);
    let file = path.normalize(path.join(siteDir, decodeURIComponent(url.pathname)));
    if (!file.startsWith(siteDir)) { res.writeHead(403).end(); return; }
    if ((await stat(file).catch(() => null))?.isDirectory()) file = path.join(file, 'index.html');
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  };
}

const STORY = `<h1>Putin visits Pyongyang</h1>
<p>The story's own text comes first. Below it, the timeline of the visit, embedded from the
timeline's site: as tall as its events, every link opening here, in the story's window.</p>`;

function hostPage(title, body) {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>
<style>body{font:17px/1.6 Georgia,serif;max-width:640px;margin:1.5rem auto;padding:0 20px;color:#222}
h1{font-size:1.9rem;line-height:1.2} iframe{display:block;border:0}</style></head>
<body>${body}</body></html>`;
}

// A plain <iframe> of the embed, 600 × 400 (or narrower).
const plain = (src, width = 600) => hostPage('Plain frame',
  `<iframe id="frame" src="${src}" title="Timeline" width="${width}" height="400"></iframe>`);

// A Pym.js-style parent: the iframe gets ?initialWidth=…&childId=…; `height` messages set its
// height, `scrollToChildPos` scrolls the page, and the parent sends `width` on resize.
const pym = (src, story) => hostPage('Pym parent', `${story ? STORY : ''}<div id="tl"></div>
<script>
(function () {
  var D = 'xPYMx', id = 'tl', box = document.getElementById(id);
  var frame = document.createElement('iframe');
  var hash = '', url = ${JSON.stringify(src)}, at = url.indexOf('#');
  if (at >= 0) { hash = url.slice(at); url = url.slice(0, at); }
  frame.src = url + (url.indexOf('?') < 0 ? '?' : '&') + 'initialWidth=' + box.offsetWidth + '&childId=' + id + hash;
  frame.setAttribute('width', '100%'); frame.setAttribute('scrolling', 'no'); frame.title = 'Timeline';
  box.appendChild(frame);
  window.pymHeights = [];
  var re = new RegExp('^pym' + D + id + D + '(\\\\S+)' + D + '(.*)$');
  window.addEventListener('message', function (e) {
    if (typeof e.data !== 'string') return;
    var m = e.data.match(re); if (!m) return;
    if (m[1] === 'height') { frame.setAttribute('height', parseInt(m[2], 10) + 'px'); window.pymHeights.push(+m[2]); }
    if (m[1] === 'scrollToChildPos') window.scrollTo(0, frame.getBoundingClientRect().top + window.pageYOffset + parseInt(m[2], 10));
  });
  window.pymSend = function (type, message) { frame.contentWindow.postMessage(['pym', id, type, message].join(D), '*'); };
  window.addEventListener('resize', function () { window.pymSend('width', String(box.offsetWidth)); });
})();
</script>`);

// A WordPress-style parent, as wp-embed.js frames an oEmbed iframe: sandboxed, a data-secret and
// #?secret=… in its src; `height` messages set its height (wp-embed.js also clamps them to
// 200–1000 px; left out here so the test can see the whole height), `link` messages navigate.
const wordpress = (src) => hostPage('WordPress parent', `<iframe class="wp-embedded-content" sandbox="allow-scripts"
  security="restricted" src="${src}#?secret=k3Yx9QaZ2b" data-secret="k3Yx9QaZ2b" width="600" height="400" title="Timeline"></iframe>
<script>
window.wpHeights = [];
window.addEventListener('message', function (e) {
  var data = e.data;
  if (!data || !(data.secret || data.message || data.value) || /[^a-zA-Z0-9]/.test(data.secret)) return;
  document.querySelectorAll('iframe[data-secret="' + data.secret + '"]').forEach(function (source) {
    if (e.source !== source.contentWindow) return;
    if (data.message === 'height') { source.height = parseInt(data.value, 10); window.wpHeights.push(+data.value); }
    if (data.message === 'link') window.location.href = data.value;
  });
});
</script>`);

async function main() {
  const siteRequests = [];
  const site = await listen(siteHandler(siteRequests));
  const siteBase = `http://127.0.0.1:${site.address().port}/`;
  let hostPages = {};
  const host = await listen((req, res) => {
    const page = hostPages[new URL(req.url, 'http://127.0.0.1').pathname];
    if (!page) { res.writeHead(404).end('not found'); return; }
    res.writeHead(200, { 'content-type': TYPES['.html'] }).end(page);
  });
  const hostBase = `http://127.0.0.1:${host.address().port}`;
  const browser = await chromium.launch({
    executablePath, headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  await mkdir(shotsDir, { recursive: true });
  try {
    for (const [label, embed] of [['the timeline', 'embed/'], [`the term ${TERM}`, `embed/${TERM}/`]]) {
      await checkEmbed(browser, label, siteBase + embed, (pages) => { hostPages = pages; }, hostBase);
    }
    // A screenshot of an embed in a story page, for the README.
    hostPages = { '/story': pym(siteBase + 'embed/', true) };
    const context = await browser.newContext({ viewport: { width: 760, height: 900 }, colorScheme: 'light' });
    const page = await context.newPage();
    await page.goto(`${hostBase}/story`, { waitUntil: 'load' });
    await page.waitForFunction(() => window.pymHeights.length > 0);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(shotsDir, 'embed-story.png') });
    await context.close();
  } finally {
    await browser.close();
    site.close();
    host.close();
  }
  // What the embeds loaded from the site: the pages, the site's own files and the media its
  // cards show (the demo's map), nothing else.
  // (search.js: on the full pages a click in the embed opens in the story's window.)
  const ASSETS = ['/annalist.css', '/annalist.js', '/search.js', '/embed.js', '/favicon.svg'];
  const MEDIA = /^\/images\/[^/]+\.(svg|webp|jpe?g|png|gif)$/;
  const pages = siteRequests.filter((p) => p.endsWith('/') || p.endsWith('.html'));
  const other = siteRequests.filter((p) => !pages.includes(p) && !ASSETS.includes(p) && !MEDIA.test(p));
  check(other.length === 0, `the embeds loaded only pages and the site's own files (${siteRequests.length} requests to the site: ${pages.length} pages, ${siteRequests.length - pages.length - other.length} of ${ASSETS.join(', ')}${other.length ? `; also ${[...new Set(other)].join(', ')}` : ''})`);

  const run = spawnSync('java', ['-jar', VNU, '--errors-only', '--format', 'json', path.join(siteDir, 'embed')],
    { encoding: 'utf8', maxBuffer: 64 << 20 });
  const out = `${run.stderr || ''}`;
  try {
    const errors = JSON.parse(out.slice(out.indexOf('{'))).messages.filter((m) => m.type === 'error' || m.subType === 'fatal');
    for (const m of errors.slice(0, 10)) fail(`Nu HTML Checker: ${m.url}:${m.lastLine}: ${m.message}`);
    check(errors.length === 0, `Nu HTML Checker: no errors on the embed pages (${errors.length} found)`);
  } catch {
    fail(`Nu HTML Checker gave no report: ${out.slice(0, 300)}`);
  }
}

// Waits until the frame's height is the content's (±2 px); returns both.
async function waitForContentHeight(page, frame, label) {
  let last = null;
  for (let i = 0; i < 50; i++) {
    const height = await page.evaluate(() => document.querySelector('iframe').getBoundingClientRect().height);
    // The content, measured independently of embed.js: the bottom of <main>.
    const content = await frame.evaluate(() => Math.ceil(document.querySelector('main').getBoundingClientRect().bottom + window.scrollY));
    last = { height, content };
    if (Math.abs(height - content) <= 2) return last;
    await page.waitForTimeout(100);
  }
  fail(`${label}: the frame is ${last.height} px tall for ${last.content} px of content`);
  return last;
}

// Narrows the list with the first filter option that hides some events; returns how many show.
async function narrow(frame) {
  return frame.evaluate(() => {
    document.querySelector('.embed-filters').open = true;
    const all = document.querySelectorAll('.event').length;
    for (const select of document.querySelectorAll('.filters select')) {
      for (const option of select.options) {
        if (!option.value) continue;
        select.value = option.value;
        select.dispatchEvent(new Event('change', { bubbles: true }));
        const shown = document.querySelectorAll('.event:not([hidden])').length;
        if (shown > 0 && shown < all) return { all, shown };
      }
      select.value = '';
    }
    return { all, shown: all };
  });
}

async function newPage(browser, hostBase, siteBase) {
  const context = await browser.newContext({ viewport: { width: 760, height: 700 }, colorScheme: 'light', reducedMotion: 'reduce' });
  const others = [];
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (u.startsWith(hostBase) || u.startsWith(siteBase)) return route.continue();
    others.push(u);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => fail(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') fail(`console error: ${m.text()}`); });
  return { context, page, others };
}

async function checkEmbed(browser, label, src, setPages, hostBase) {
  const siteBase = new URL('/', src).href;
  setPages({ '/plain': plain(src) });

  // A plain frame: the first event shows, links target the top window, axe, no cookie.
  let { context, page, others } = await newPage(browser, hostBase, siteBase);
  await page.goto(`${hostBase}/plain`, { waitUntil: 'load' });
  let frame = page.frames().find((f) => f.url().startsWith(src));
  await frame.waitForSelector('.event');
  // The first event's date and title show (a card with a photo may be taller than the frame).
  const first = await frame.evaluate(() => {
    const card = document.querySelector('.event');
    const r = card.getBoundingClientRect();
    const t = card.querySelector('.event-title').getBoundingClientRect();
    return { top: r.top, bottom: t.bottom, id: card.id, last: [...document.querySelectorAll('.event')].pop().id };
  });
  const frameBox = await page.evaluate(() => document.querySelector('iframe').getBoundingClientRect().toJSON());
  check(first.top >= 0 && first.bottom <= 400 && frameBox.bottom <= 700,
    `${label}: the first event's date and title show in the 600 × 400 frame without scrolling the page (card from ${Math.round(first.top)} px, title ending at ${Math.round(first.bottom)} px)`);
  // The window a link opens in: its own target, else the page's <base target> (which SVG
  // links do not follow: theirs must say it themselves).
  const stray = await frame.evaluate(() => {
    const base = document.querySelector('base[target]')?.getAttribute('target') || '';
    return [...document.querySelectorAll('a[href]')]
      .filter((a) => (a.getAttribute('target') || (a instanceof HTMLAnchorElement ? base : '')) !== '_top')
      .filter((a) => !a.closest('.pagination') && !a.classList.contains('skip-axis'))
      .map((a) => a.outerHTML.slice(0, 80));
  });
  check(stray.length === 0, `${label}: every link targets the top window${stray.length ? `: ${stray.join(' | ')}` : ''}`);
  const axis = await frame.evaluate(() => ({
    marks: document.querySelectorAll('.axis-svg a[data-event], .axis-svg a.cluster').length,
    events: document.querySelectorAll('.event').length,
  }));
  check(axis.marks > 0, `${label}: the embed shows the time axis (${axis.marks} marks for ${axis.events} events on the page)`);
  // A mark opens its event on the full timeline page, in the story's window.
  const mark = await frame.$eval('.axis-svg a', (a) => new URL(a.getAttribute('href'), document.baseURI).href);
  await Promise.all([page.waitForURL(mark), frame.click('.axis-svg a')]);
  check(page.url() === mark, `${label}: a click on a mark of the axis takes the story's window to the event on the full page`);
  await page.goto(`${hostBase}/plain`, { waitUntil: 'load' });
  frame = page.frames().find((f) => f.url().startsWith(src));
  await frame.waitForSelector('.event');
  if (!(await frame.evaluate(() => typeof window.axe === 'object'))) await frame.addScriptTag({ path: AXE });
  const violations = await frame.evaluate(async () => (await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } }))
    .violations.map((v) => `${v.id}: ${v.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(', ')}`));
  check(violations.length === 0, `${label}: axe-core finds no violation in the frame${violations.length ? `: ${violations.join(' | ')}` : ''}`);
  check((await context.cookies()).length === 0 && (await frame.evaluate(() => document.cookie)) === '', `${label}: no cookie`);
  const title = await frame.$eval('.event .event-title a', (a) => a.href);
  await Promise.all([page.waitForURL(title), frame.click('.event .event-title a')]);
  check(page.url() === title, `${label}: a click on an event's title takes the story's window to the article`);
  check(others.length === 0, `${label}: nothing requested from elsewhere${others.length ? `: ${others.join(' ')}` : ''}`);
  await context.close();

  // Readable from 280 px wide, and in dark mode (axe again: the contrast of the dark colours).
  setPages({ '/narrow': plain(src, 280) });
  context = await browser.newContext({ viewport: { width: 360, height: 700 }, colorScheme: 'dark', reducedMotion: 'reduce' });
  page = await context.newPage();
  await page.goto(`${hostBase}/narrow`, { waitUntil: 'load' });
  frame = page.frames().find((f) => f.url().startsWith(src));
  await frame.waitForSelector('.event');
  await frame.evaluate(() => { document.querySelector('.embed-filters').open = true; });
  await frame.evaluate(() => { const k = document.querySelector('.axis-key-fold'); if (k) k.open = true; });
  const widths = await frame.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  check(widths[0] <= widths[1], `${label}: no horizontal overflow in a 280 px frame (scrollWidth ${widths[0]}, clientWidth ${widths[1]})`);
  // The axis is a strip that scrolls inside its own box, its labels at a readable size.
  const strip = await frame.evaluate(() => {
    const box = document.querySelector('.axis-scroll').getBoundingClientRect();
    const svg = document.querySelector('.axis-svg');
    const tick = svg.querySelector('text.tick') || svg.querySelector('text');
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return { right: box.right, width: innerWidth, font: tick ? parseFloat(getComputedStyle(tick).fontSize) * scale : 0 };
  });
  check(strip.right <= strip.width && strip.font >= 6,
    `${label}: at 280 px the axis scrolls inside the frame (its box ends at ${Math.round(strip.right)} of ${strip.width} px; tick labels ${strip.font.toFixed(1)} px)`);
  await frame.addScriptTag({ path: AXE });
  const dark = await frame.evaluate(async () => (await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice'] } }))
    .violations.map((v) => `${v.id}: ${v.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(', ')}`));
  check(dark.length === 0, `${label}: axe-core finds no violation in the frame in dark mode${dark.length ? `: ${dark.join(' | ')}` : ''}`);
  await context.close();

  // A deep link scrolls inside the frame and highlights the event.
  setPages({ '/deep': plain(`${src}#${first.last}`) });
  ({ context, page } = await newPage(browser, hostBase, siteBase));
  await page.goto(`${hostBase}/deep`, { waitUntil: 'load' });
  frame = page.frames().find((f) => f.url().startsWith(src));
  await frame.waitForFunction((id) => document.getElementById(id).classList.contains('is-highlighted'), first.last)
    .catch(() => fail(`${label}: #${first.last} is not highlighted`));
  const deep = await frame.evaluate((id) => {
    const r = document.getElementById(id).getBoundingClientRect();
    return { scrolled: window.scrollY, top: r.top, bottom: r.bottom, height: innerHeight };
  }, first.last);
  check(deep.scrolled > 0 && deep.top >= 0 && deep.top < deep.height,
    `${label}: embed/#${first.last} scrolls the frame to the event (frame scrolled ${Math.round(deep.scrolled)} px, the event at ${Math.round(deep.top)} px)`);
  await context.close();

  // The two sizing protocols.
  for (const [kind, path_, heights] of [['Pym.js', '/pym', 'pymHeights'], ['WordPress', '/wp', 'wpHeights']]) {
    setPages({ '/pym': pym(src), '/wp': wordpress(src) });
    ({ context, page, others } = await newPage(browser, hostBase, siteBase));
    await page.goto(hostBase + path_, { waitUntil: 'load' });
    await page.waitForFunction((h) => window[h].length > 0, heights, { timeout: 10000 })
      .catch(() => fail(`${label}, ${kind}: no height message`));
    frame = page.frames().find((f) => f.url().startsWith(src));
    await frame.waitForSelector('.event');
    const full = await waitForContentHeight(page, frame, `${label}, ${kind}`);
    check(full.height > 400 && Math.abs(full.height - full.content) <= 2,
      `${label}, ${kind}: the frame is as tall as its content (${full.height} px for ${full.content} px)`);
    const { all, shown } = await narrow(frame);
    check(shown < all, `${label}, ${kind}: a filter narrows the list (${shown} of ${all})`);
    const narrowed = await waitForContentHeight(page, frame, `${label}, ${kind}, filtered`);
    check(narrowed.height < full.height && Math.abs(narrowed.height - narrowed.content) <= 2,
      `${label}, ${kind}: after the filter the frame is as tall as its content again (${narrowed.height} px for ${narrowed.content} px)`);
    if (kind === 'Pym.js') {
      // The parent asks for an event: the frame (as tall as its content) has the page scroll to it.
      await frame.evaluate(() => { const s = document.querySelector('.filters'); s.reset(); });
      await waitForContentHeight(page, frame, `${label}, ${kind}, reset`);
      await page.evaluate((id) => window.pymSend('event', id), first.last);
      await frame.waitForFunction((id) => document.getElementById(id).classList.contains('is-highlighted'), first.last)
        .catch(() => fail(`${label}, Pym.js: the event the parent asked for is not highlighted`));
      await page.waitForTimeout(200);
      const where = await page.evaluate(() => window.scrollY);
      const offset = await frame.evaluate((id) => document.getElementById(id).getBoundingClientRect().top, first.last);
      const inView = await page.evaluate((offset) => document.querySelector('iframe').getBoundingClientRect().top + offset, offset);
      check(where > 0 && inView >= -2 && inView < 700,
        `${label}, Pym.js: the parent's request for #${first.last} scrolls the story to it (page scrolled ${Math.round(where)} px, the event ${Math.round(inView)} px from the top of the window)`);
    } else {
      // In WordPress's sandbox the parent opens the links.
      const title = await frame.$eval('.event:not([hidden]) .event-title a', (a) => a.href);
      await Promise.all([page.waitForURL(title), frame.click('.event:not([hidden]) .event-title a')]);
      check(page.url() === title, `${label}, WordPress: a click on a title takes the story's window to the article`);
    }
    check(others.length === 0, `${label}, ${kind}: nothing requested from elsewhere`);
    await context.close();
  }
}

await main().catch((e) => fail(`unexpected: ${e.stack || e}`));
if (failures.length) {
  console.error(`\n${failures.length} failure(s)`);
  process.exit(1);
}
