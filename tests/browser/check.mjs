// Browser check of the default theme on a built annalist site.
//
//   node check.mjs SITE_DIR            (e.g. node check.mjs /tmp/theme-out)
//
// CHECK_ARTICLE, CHECK_TERM and CHECK_TARGET (paths and an event id) default to the demo's.
// Serves SITE_DIR on 127.0.0.1 (random free port), opens the timeline, an article page
// and a term page in headless Chromium (/usr/bin/chromium, or $CHROMIUM), checks them,
// and saves screenshots into ./screenshots/. Exits non-zero, listing every failure.

import { createServer } from 'node:http';
import { readFile, stat, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const siteArg = process.argv[2];
if (!siteArg) {
  console.error('usage: node check.mjs SITE_DIR');
  process.exit(2);
}
const siteDir = path.resolve(siteArg);
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const shotsDir = path.join(here, 'screenshots');

// Pages to open: the timeline, an article with events, a term page.
const ARTICLE = process.env.CHECK_ARTICLE || 'arrival-ria-novosti/index.html';
const TERM = process.env.CHECK_TERM || 'people/vladimir-putin/index.html';
const TARGET_ID = process.env.CHECK_TARGET || 'arrival';

const failures = [];
const fail = (msg) => { failures.push(msg); console.error(`FAIL ${msg}`); };
const pass = (msg) => console.log(`ok   ${msg}`);
const check = (cond, msg) => (cond ? pass(msg) : fail(msg));

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8', '.json': 'application/json',
  '.xml': 'application/xml', '.ics': 'text/calendar; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.webp': 'image/webp', '.ico': 'image/x-icon',
};

function serve(root) {
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://127.0.0.1');
      let file = path.normalize(path.join(root, decodeURIComponent(url.pathname)));
      if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
      if ((await stat(file).catch(() => null))?.isDirectory()) file = path.join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

async function main() {
  if (!existsSync(path.join(siteDir, 'index.html'))) {
    fail(`${siteDir}/index.html does not exist: build the site first`);
    return;
  }
  if (!existsSync(executablePath)) {
    fail(`no Chromium at ${executablePath} (apt-get install -y chromium)`);
    return;
  }
  await mkdir(shotsDir, { recursive: true });
  const server = await serve(siteDir);
  const base = `http://127.0.0.1:${server.address().port}/`;
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light', reducedMotion: 'reduce' });
    // Nothing may leave 127.0.0.1: external links are never followed, but a stray
    // stylesheet, font or script from elsewhere is a failure.
    await context.route('**/*', (route) => {
      const u = new URL(route.request().url());
      if (u.hostname === '127.0.0.1') return route.continue();
      fail(`request to another host: ${u.href}`);
      return route.abort();
    });
    const page = await context.newPage();
    page.on('console', (m) => { if (m.type() === 'error') fail(`console error on ${page.url()}: ${m.text()}`); });
    page.on('pageerror', (e) => fail(`page error on ${page.url()}: ${e.message}`));
    page.on('requestfailed', (r) => fail(`request failed: ${r.url()} (${r.failure()?.errorText})`));
    page.on('response', (r) => { if (r.status() >= 400) fail(`HTTP ${r.status()} for ${r.url()}`); });

    const open = async (rel) => {
      const resp = await page.goto(base + rel, { waitUntil: 'load' });
      check(resp && resp.ok(), `${rel} loads`);
    };

    const noOverflow = async (rel) => {
      for (const width of [390, 320]) {
        await page.setViewportSize({ width, height: 800 });
        const { sw, cw } = await page.evaluate(() => ({
          sw: document.documentElement.scrollWidth, cw: document.documentElement.clientWidth,
        }));
        check(sw <= cw, `${rel}: no horizontal overflow at ${width}px (scrollWidth ${sw}, clientWidth ${cw})`);
      }
      await page.setViewportSize({ width: 1280, height: 900 });
    };

    const timesHaveDatetime = async (rel) => {
      const missing = await page.$$eval('.event time', (els) =>
        els.filter((t) => !t.getAttribute('datetime')).map((t) => t.textContent));
      const total = await page.$$eval('.event time', (els) => els.length);
      check(total > 0 && missing.length === 0,
        `${rel}: every <time> in an event has a datetime (${total} checked${missing.length ? `; missing: ${missing.join(' | ')}` : ''})`);
    };

    const basics = async (rel) => {
      const h1 = await page.$$eval('h1', (els) => els.length);
      check(h1 === 1, `${rel}: exactly one h1 (found ${h1})`);
      const main = await page.$$eval('main#main', (els) => els.length);
      check(main === 1, `${rel}: has main#main for the skip link`);
      const unnamed = await page.$$eval('a, button, input, select, textarea', (els) =>
        els.filter((e) => !(e.textContent.trim() || e.getAttribute('aria-label') || e.getAttribute('title')))
          .map((e) => e.outerHTML.slice(0, 80)));
      check(unnamed.length === 0, `${rel}: every control has a name${unnamed.length ? `: ${unnamed.join(' | ')}` : ''}`);
    };

    // The timeline.
    await open('index.html');
    await basics('index.html');
    check(await page.$(`#${TARGET_ID}`) !== null, `index.html: event #${TARGET_ID} exists`);
    await timesHaveDatetime('index.html');
    await page.screenshot({ path: path.join(shotsDir, 'timeline-1280.png'), fullPage: true });
    await noOverflow('index.html');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(shotsDir, 'timeline-390.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });

    // :target on the timeline: a fresh load of index.html#arrival.
    await page.goto('about:blank');
    await open(`index.html#${TARGET_ID}`);
    const targeted = await page.evaluate((id) => {
      const t = document.querySelector(':target');
      return t ? t.id : null;
    }, TARGET_ID);
    check(targeted === TARGET_ID, `index.html#${TARGET_ID}: :target is #${TARGET_ID} (got ${targeted})`);
    const styled = await page.evaluate((id) => {
      const el = document.getElementById(id);
      const other = document.querySelector(`.event:not(#${CSS.escape(id)})`);
      return el && other && getComputedStyle(el).backgroundColor !== getComputedStyle(other).backgroundColor;
    }, TARGET_ID);
    check(styled, `index.html#${TARGET_ID}: the targeted event is highlighted`);

    // Skip link appears on focus.
    await open('index.html');
    await page.keyboard.press('Tab');
    const skip = await page.evaluate(() => {
      const a = document.activeElement;
      const r = a.getBoundingClientRect();
      return { cls: a.className, visible: r.top >= 0 && r.bottom > 0 && r.width > 1 };
    });
    check(skip.cls === 'skip-link' && skip.visible, 'the skip link is the first stop and shows on focus');

    // An article page.
    await open(ARTICLE);
    await basics(ARTICLE);
    check(await page.$('.article-layout.has-events .article-events .event') !== null, `${ARTICLE}: shows its events`);
    await timesHaveDatetime(ARTICLE);
    await page.screenshot({ path: path.join(shotsDir, 'article-1280.png'), fullPage: true });
    await noOverflow(ARTICLE);

    // A term page.
    await open(TERM);
    await basics(TERM);
    await timesHaveDatetime(TERM);
    await noOverflow(TERM);

    await context.close();
  } finally {
    await browser.close();
    await new Promise((r) => server.close(r));
  }
}

try {
  await main();
} catch (e) {
  fail(`check crashed: ${e.stack || e}`);
}
if (failures.length) {
  console.error(`\n${failures.length} check(s) failed:`);
  for (const f of failures) console.error(`  - ${f}`);
  process.exit(1);
}
console.log('\nall browser checks passed');
