// Loads a built site's timeline.json into the real TimelineJS3 (npm @knight-lab/timelinejs,
// served from node_modules on 127.0.0.1, never a CDN) in headless Chromium, and checks that it
// makes one slide per event plus the title slide, with no console errors and no request leaving
// the machine.
//
//   node timelinejs.mjs SITE_DIR     (SITE_DIR: a built site holding timeline.json)
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';

const siteDir = path.resolve(process.argv[2] || '../../public');
const libDir = path.resolve('node_modules/@knight-lab/timelinejs/dist');
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css',
  '.json': 'application/json', '.woff': 'font/woff', '.woff2': 'font/woff2', '.ttf': 'font/ttf',
  '.svg': 'image/svg+xml', '.png': 'image/png' };

const PAGE = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>TimelineJS check</title>
<link rel="stylesheet" href="/timelinejs/css/timeline.css"></head>
<body><div id="timeline" style="width:1000px;height:600px"></div>
<script src="/timelinejs/js/timeline.js"></script>
<script>
// The site was built with a base_url: its media URLs are absolute. They are pointed at this
// server, where the site is served, so that TimelineJS loads the real files.
const BASE_URL = new URLSearchParams(location.search).get('base');
fetch('/site/timeline.json').then((r) => r.text()).then((text) => {
  const data = JSON.parse(BASE_URL ? text.split(BASE_URL).join(location.origin + '/site/') : text);
  window.expectedEvents = data.events.length;
  window.tl = new TL.Timeline('timeline', data, { script_path: location.origin + '/timelinejs/js/', language: 'en' });
}).catch((e) => { console.error('load failed: ' + e); });
</script></body></html>`;

function serve() {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (url.pathname === '/') { res.writeHead(200, { 'content-type': TYPES['.html'] }).end(PAGE); return; }
    const [root, prefix] = url.pathname.startsWith('/timelinejs/') ? [libDir, '/timelinejs/'] : [siteDir, '/site/'];
    const file = path.normalize(path.join(root, decodeURIComponent(url.pathname.slice(prefix.length))));
    if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const server = await serve();
const base = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({
  executablePath, headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const problems = [];
try {
  const page = await browser.newPage();
  // TimelineJS's own stylesheet names web fonts on a font CDN: those requests are stopped here
  // (nothing leaves the machine) and the browser falls back to local fonts. Any other request
  // leaving 127.0.0.1 is a failure.
  const blockedFonts = new Set();
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(base)) return route.continue();
    if (route.request().resourceType() === 'font') blockedFonts.add(url);
    else problems.push(`request leaving the machine: ${url}`);
    return route.abort();
  });
  page.on('console', (m) => {
    if (m.type() !== 'error' || blockedFonts.has(m.location().url)) return;
    problems.push(`console error: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => {
    if (r.url().startsWith(base)) problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`);
  });
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.url()}`); });
  const baseUrl = process.env.BASE_URL || '';
  await page.goto(`${base}?base=${encodeURIComponent(baseUrl)}`);
  await page.waitForFunction(() => window.expectedEvents !== undefined
    && document.querySelectorAll('.tl-slide').length >= window.expectedEvents + 1, null, { timeout: 30000 })
    .catch(() => problems.push('TimelineJS did not build its slides within 30 s'));
  const { slides, expected, markers, title } = await page.evaluate(() => ({
    slides: document.querySelectorAll('.tl-slide').length,
    expected: window.expectedEvents,
    markers: document.querySelectorAll('.tl-timemarker').length,
    title: document.querySelector('.tl-slide-titleslide .tl-headline')?.textContent,
  }));
  if (slides !== expected + 1) problems.push(`${slides} slides for ${expected} events (expected ${expected + 1}: one per event and the title)`);
  if (markers !== expected) problems.push(`${markers} markers on the time axis for ${expected} events`);
  if (!title) problems.push('no title slide headline');
  console.log(`timelinejs: ${slides} slides (${expected} events + title "${title}"), ${markers} markers`);
  // Every slide with an image medium shows it: go to each in turn (TimelineJS loads a slide's
  // media when it comes near) and wait for its image to load.
  const withImages = await page.evaluate(() => window.tl.config.events
    .map((e, i) => [i, e.media && /\.(svg|webp|jpe?g|png|gif)$/.test(e.media.url || '')])
    .filter(([, img]) => img).map(([i]) => i));
  for (const i of withImages) {
    await page.evaluate((n) => window.tl.goTo(n + 1), i);
    const loaded = await page.waitForFunction((n) => {
      const img = document.querySelectorAll('.tl-slide')[n + 1]?.querySelector('.tl-media img');
      return img && img.complete && img.naturalWidth > 0 ? img.currentSrc || img.src : false;
    }, i, { timeout: 15000 }).then((h) => h.jsonValue()).catch(() => null);
    if (loaded) console.log(`timelinejs: slide ${i + 1} shows its image ${loaded}`);
    else problems.push(`slide ${i + 1}: its image medium did not load`);
  }
  if (process.env.EXPECT_IMAGES && withImages.length < Number(process.env.EXPECT_IMAGES)) {
    problems.push(`${withImages.length} slides with an image, expected at least ${process.env.EXPECT_IMAGES}`);
  }
} finally {
  await browser.close();
  server.close();
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
