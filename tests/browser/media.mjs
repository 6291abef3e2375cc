// Media in a real browser, on a built site with photos, a quote and video cards.
//
//   node media.mjs SITE_DIR
//
// Serves SITE_DIR on 127.0.0.1 and opens the timeline, the article and a term page in headless
// Chromium (/usr/bin/chromium, or $CHROMIUM), in light and dark mode. On each: every request
// stays on 127.0.0.1 and none fails; every image loads, has its intrinsic width and height
// and is no wider than the page at 320 px; axe-core finds no violation; nothing overflows.
// A click on the YouTube card asks for youtube-nocookie.com (the only other host, and only then;
// the request is stopped here); in print, images fit the page width. Saves screenshots into
// ./screenshots/. Exits non-zero, listing every failure.

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from './serve-dir.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const siteDir = path.resolve(process.argv[2] || '.');
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const shotsDir = path.join(here, 'screenshots');
const AXE = path.join(here, 'node_modules/axe-core/axe.min.js');
const PAGES = ['index.html', 'arrival/index.html', 'tags/visits/index.html'];

const failures = [];
const fail = (msg) => { failures.push(msg); console.error(`FAIL ${msg}`); };
const check = (cond, msg) => (cond ? console.log(`ok   ${msg}`) : fail(msg));


async function axe(page, label) {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
    return r.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  });
  check(violations.length === 0, `${label}: axe-core finds no violations${violations.length ? `:\n      ${violations.join('\n      ')}` : ''}`);
}

async function main() {
  await mkdir(shotsDir, { recursive: true });
  const server = await serve(siteDir);
  const base = `http://127.0.0.1:${server.address().port}/`;
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    for (const scheme of ['light', 'dark']) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: scheme, reducedMotion: 'reduce' });
      const elsewhere = [];
      await context.route('**/*', (route) => {
        const u = new URL(route.request().url());
        if (u.hostname === '127.0.0.1') return route.continue();
        elsewhere.push(u.hostname);
        return route.abort();
      });
      const page = await context.newPage();
      let requests = 0;
      page.on('request', () => { requests += 1; });
      page.on('pageerror', (e) => fail(`${scheme}: page error on ${page.url()}: ${e.message}`));
      page.on('response', (r) => { if (r.status() >= 400) fail(`${scheme}: HTTP ${r.status()} for ${r.url()}`); });
      page.on('requestfailed', (r) => {
        const host = new URL(r.url()).hostname;
        if (host === '127.0.0.1' && !r.url().endsWith('/favicon.svg')) fail(`${scheme}: request failed: ${r.url()}`);
      });
      for (const rel of PAGES) {
        requests = 0;
        elsewhere.length = 0;
        const resp = await page.goto(base + rel, { waitUntil: 'load' });
        check(resp && resp.ok(), `${scheme} ${rel}: loads`);
        // Lazy images below the fold load once scrolled to: bring every one into view.
        await page.evaluate(async () => {
          for (const img of document.querySelectorAll('img')) {
            img.scrollIntoView();
            await new Promise((r) => setTimeout(r, 0));
          }
          await Promise.all([...document.images].map((img) => (img.complete ? null : new Promise((r) => { img.onload = r; img.onerror = r; }))));
          window.scrollTo(0, 0);
        });
        const imgs = await page.$$eval('main img', (els) => els.map((i) => ({
          src: i.currentSrc, ok: i.complete && i.naturalWidth > 0, w: i.getAttribute('width'), h: i.getAttribute('height'), alt: i.getAttribute('alt'),
        })));
        check(imgs.length > 0, `${scheme} ${rel}: shows ${imgs.length} image(s)`);
        for (const i of imgs) {
          check(i.ok, `${scheme} ${rel}: ${i.src} loads`);
          check(i.w && i.h, `${scheme} ${rel}: ${i.src} has width and height (${i.w} × ${i.h})`);
          check(i.alt !== null, `${scheme} ${rel}: ${i.src} has an alt`);
        }
        check(imgs.some((i) => i.src.endsWith('.webp')), `${scheme} ${rel}: Chromium picks the WebP sizes`);
        check(elsewhere.length === 0, `${scheme} ${rel}: nothing loaded from another host (${requests} requests${elsewhere.length ? `; ${elsewhere.join(', ')}` : ''})`);
        await axe(page, `${scheme} ${rel}`);
        await page.setViewportSize({ width: 320, height: 800 });
        const wide = await page.evaluate(() => ({
          sw: document.documentElement.scrollWidth,
          cw: document.documentElement.clientWidth,
          img: Math.max(0, ...[...document.querySelectorAll('main img')].map((i) => i.getBoundingClientRect().right)),
        }));
        check(wide.sw <= wide.cw && wide.img <= wide.cw, `${scheme} ${rel}: nothing wider than 320 px (page ${wide.sw}, images end at ${Math.round(wide.img)})`);
        if (scheme === 'light' && rel === 'arrival/index.html') {
          await page.screenshot({ path: path.join(shotsDir, 'media-article-320.png'), fullPage: true });
        }
        await page.setViewportSize({ width: 1280, height: 900 });
        if (rel === 'arrival/index.html') {
          await page.screenshot({ path: path.join(shotsDir, `media-article-${scheme}.png`), fullPage: true });
          // In print the images fit the page and a video card is a link with its address.
          await page.emulateMedia({ media: 'print' });
          const print = await page.evaluate(() => ({
            cw: document.documentElement.clientWidth,
            img: Math.max(0, ...[...document.querySelectorAll('main img')].map((i) => i.getBoundingClientRect().right)),
          }));
          check(print.img <= print.cw, `${scheme} ${rel}: in print, images fit the page (${Math.round(print.img)} ≤ ${print.cw})`);
          await page.emulateMedia({ media: 'screen' });
          // Only a click asks YouTube, and only its privacy-enhanced host.
          const card = await page.$('[data-embed="youtube"]');
          check(card !== null, `${scheme} ${rel}: a YouTube card`);
          if (card) {
            elsewhere.length = 0;
            await card.click();
            await page.waitForSelector('iframe', { timeout: 5000 }).catch(() => null);
            const frame = await page.$eval('iframe', (f) => f.src).catch(() => '');
            check(frame.startsWith('https://www.youtube-nocookie.com/embed/'), `${scheme} ${rel}: the click makes a youtube-nocookie.com player (${frame})`);
            check(elsewhere.every((h) => h === 'www.youtube-nocookie.com'), `${scheme} ${rel}: after the click, only youtube-nocookie.com is asked (${[...new Set(elsewhere)].join(', ')})`);
          }
        }
        if (scheme === 'light' && rel === 'index.html') {
          await page.screenshot({ path: path.join(shotsDir, 'media-timeline-1280.png'), fullPage: true });
        }
      }
      await context.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
}

await main().catch((e) => fail(`media.mjs: ${e.stack || e}`));
if (failures.length) {
  console.error(`\n${failures.length} failure(s)`);
  process.exit(1);
}
