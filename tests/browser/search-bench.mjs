// The site search's figures on a built site, for the README (not a test):
//
//   node search-bench.mjs SITE_DIR [PAGE] QUERY…
//
// Serves SITE_DIR on 127.0.0.1, opens PAGE (default index.html; `-` for search/index.html, a
// small page, so that the page's own size does not weigh on the timings) in headless Chromium,
// and for each QUERY, in a fresh page (nothing cached), types it into the header's field and
// prints the bytes of the index files fetched, how many, the results shown and the time from
// the last key to the first result on screen.

import path from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from './serve-dir.mjs';

const [siteArg, pageArg, ...queries] = process.argv.slice(2);
const siteDir = path.resolve(siteArg);
const start = pageArg === '-' ? 'search/index.html' : pageArg;
const server = await serve(siteDir);
const base = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
});
try {
  for (const q of queries) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(base + start, { waitUntil: 'load' });
    let bytes = 0;
    let files = 0;
    page.on('response', async (r) => {
      if (!new URL(r.url()).pathname.startsWith('/search/') || r.url().endsWith('.html')) return;
      bytes += (await r.body().catch(() => Buffer.alloc(0))).length;
      files += 1;
    });
    await page.focus('#site-search-q');
    // All but the last key, then time the last one: a reader's first results.
    await page.keyboard.type(q.slice(0, -1));
    await page.waitForLoadState('networkidle');
    const ms = await page.evaluate(async (last) => {
      const input = document.getElementById('site-search-q');
      const list = document.querySelector('.search-results');
      const status = document.querySelector('.search-status');
      list.textContent = '';
      status.textContent = '';
      const t0 = performance.now();
      input.value += last;
      input.dispatchEvent(new Event('input'));
      await new Promise((resolve) => {
        const done = () => (list.children.length || /\d|“/.test(status.textContent));
        const tick = () => (done() ? resolve() : requestAnimationFrame(tick));
        tick();
      });
      return performance.now() - t0;
    }, q.slice(-1));
    await page.waitForLoadState('networkidle');
    const shown = await page.$$eval('.search-results li', (els) => els.length);
    const status = await page.$eval('.search-status', (e) => e.textContent);
    console.log(`${JSON.stringify(q)}\t${bytes} bytes\t${files} files\t${shown} shown\t${status}\t${ms.toFixed(0)} ms`);
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
