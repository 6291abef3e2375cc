// The site-wide search in a real browser, on a built multi-page site (tests/integration/
// browser.rs makes it: paginate 5, one event a year, a person, a word only in an article body,
// a Russian and a Korean event).
//
//   node search.mjs SITE_DIR
//
// Serves SITE_DIR on 127.0.0.1 and, in headless Chromium (/usr/bin/chromium, or $CHROMIUM):
// from page 1, a 3-letter query that matches only an event on the last page finds it, and its
// link lands on that card (URL hash, the card in view); a person's name and a word only in an
// article body are found; Russian (ё folded) and Korean queries find their events; narrowing
// by a term; `/` focuses the field; the in-page filter offers the site search when it matches
// nothing; search/index.html?q= shows results; without JavaScript the form goes to a page that
// lists terms and years; from file:// the search says it needs HTTP. Every query's bytes
// (the search/ files it fetched) are counted and must stay under 150 KB; no request leaves
// 127.0.0.1; axe-core finds nothing with the results open. Saves screenshots into
// ./screenshots/. Exits non-zero, listing every failure.

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from './serve-dir.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const siteDir = path.resolve(process.argv[2] || '.');
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const shotsDir = path.join(here, 'screenshots');
const AXE = path.join(here, 'node_modules/axe-core/axe.min.js');
const BUDGET = 150 * 1024;

const failures = [];
const fail = (msg) => { failures.push(msg); console.error(`FAIL ${msg}`); };
const check = (cond, msg) => (cond ? console.log(`ok   ${msg}`) : fail(msg));

async function axe(page, label, scope) {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async (scope) => {
    const r = await window.axe.run(scope ? document.querySelector(scope) : document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
    return r.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  }, scope);
  check(violations.length === 0, `${label}: axe-core finds no violations${violations.length ? `:\n      ${violations.join('\n      ')}` : ''}`);
}

// Types `query` into the header's field and waits for the count; returns the result titles
// and the bytes of the search/ files fetched meanwhile.
async function query(page, meter, text) {
  meter.bytes = 0;
  meter.files = 0;
  await page.fill('#site-search-q', '');
  await page.type('#site-search-q', text);
  await page.waitForFunction(() => {
    const s = document.querySelector('.search-status');
    return s && /\d/.test(s.textContent) && !document.querySelector('#site-search-panel').hidden;
  }, null, { timeout: 10000 }).catch(() => null);
  await page.waitForLoadState('networkidle');
  const titles = await page.$$eval('.search-results .search-title', (els) => els.map((e) => e.textContent));
  check(meter.bytes < BUDGET, `"${text}": ${meter.files} index files, ${meter.bytes} bytes (< ${BUDGET})`);
  return titles;
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
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
    const elsewhere = [];
    await context.route('**/*', (route) => {
      const u = new URL(route.request().url());
      if (u.hostname === '127.0.0.1') return route.continue();
      elsewhere.push(u.hostname);
      return route.abort();
    });
    const page = await context.newPage();
    const meter = { bytes: 0, files: 0 };
    page.on('pageerror', (e) => fail(`page error on ${page.url()}: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error' && !/404/.test(m.text())) fail(`console error: ${m.text()}`); });
    page.on('response', async (r) => {
      if (!new URL(r.url()).pathname.startsWith('/search/') || r.url().endsWith('.html')) return;
      const body = await r.body().catch(() => Buffer.alloc(0));
      meter.bytes += body.length + 200; // the body and about the headers
      meter.files += 1;
    });

    await page.goto(base + 'index.html', { waitUntil: 'load' });
    // `/` focuses the field.
    await page.keyboard.press('/');
    check(await page.evaluate(() => document.activeElement && document.activeElement.id === 'site-search-q'), '`/` focuses the search field');

    // 1. Three letters, an event on the last page only.
    let titles = await query(page, meter, 'quo');
    check(titles.length === 1 && titles[0] === 'Quokka summit', `"quo" from page 1 finds the event on the last page (${JSON.stringify(titles)})`);
    const marks = await page.$$eval('.search-results mark', (els) => els.map((e) => e.textContent));
    check(marks.includes('Quo'), `the match is marked (${JSON.stringify(marks)})`);
    await page.screenshot({ path: path.join(shotsDir, 'search-results.png') });
    // The whole page with the results open (its two pagination navs have names of their own).
    await axe(page, 'page 1 with the results open');
    await page.click('.search-results a');
    await page.waitForURL(/#quokka$/, { timeout: 5000 }).catch(() => null);
    const landed = await page.evaluate(() => {
      const card = document.getElementById('quokka');
      const r = card ? card.getBoundingClientRect() : null;
      return { path: location.pathname, hash: location.hash, inView: !!r && r.top >= 0 && r.bottom <= innerHeight };
    });
    check(/\/page\/4\/(index\.html)?$/.test(landed.path) && landed.hash === '#quokka', `the link lands on the last page's card (${landed.path}${landed.hash})`);
    check(landed.inView, 'the card is in view');

    // 2. A person's name (a term) and a word only in an article's body.
    titles = await query(page, meter, 'lovel');
    check(titles.length === 1 && titles[0] === 'Meeting 3', `a person's name finds their event (${JSON.stringify(titles)})`);
    titles = await query(page, meter, 'zeppe');
    check(titles.length === 1 && titles[0] === 'Article 5', `a word only in an article's body finds the article (${JSON.stringify(titles)})`);

    // 3. Russian, with ё folded into е, and Korean by syllables.
    titles = await query(page, meter, 'елкин');
    check(titles.includes('Встреча в Ёлкине'), `a Russian query finds its event (${JSON.stringify(titles)})`);
    titles = await query(page, meter, '평양');
    check(titles.includes('김정은 평양 방문'), `a Korean query finds its event (${JSON.stringify(titles)})`);
    titles = await query(page, meter, '김정');
    check(titles.includes('김정은 평양 방문'), `a Korean name's first syllables find it (${JSON.stringify(titles)})`);

    // Markup in a title is shown as text.
    titles = await query(page, meter, 'xylo');
    const pwned = await page.evaluate(() => ({ pwned: window.pwned, imgs: document.querySelectorAll('.search-results img').length }));
    check(titles[0] === 'Xylophone <img src=x onerror=window.pwned=1>' && pwned.imgs === 0 && pwned.pwned === undefined, `markup in a title is shown as text (${JSON.stringify(titles)})`);

    // 4. Narrowing by a term of the results.
    titles = await query(page, meter, 'meeting');
    check(titles.length === 10, `"meeting" shows its first 10 results (${titles.length})`);
    const chip = page.locator('.search-chips .chip', { hasText: 'Ada Lovelace' });
    check(await chip.count() === 1, 'a chip narrows to a person of the results');
    if (await chip.count() === 1) {
      await chip.click();
      await page.waitForFunction(() => document.querySelectorAll('.search-results li').length === 1, null, { timeout: 5000 }).catch(() => null);
      titles = await page.$$eval('.search-results .search-title', (els) => els.map((e) => e.textContent));
      check(titles.length === 1 && titles[0] === 'Meeting 3', `narrowed to the person's event (${JSON.stringify(titles)})`);
    }

    // 4b. The count is exact when no word's list was cut at the index's cap, and says so when
    // one was: the manifest's cap lowered to 3, "meeting" (more than 3 events) reads "the best".
    titles = await query(page, meter, 'meeting');
    let status = await page.textContent('.search-status');
    check(/^Results: \d+$/.test(status.trim()), `an uncut count is exact ("${status}")`);
    const capped = await context.newPage();
    await capped.route('**/search/manifest.json', async (route) => {
      const res = await route.fetch();
      const manifest = await res.json();
      await route.fulfill({ response: res, body: JSON.stringify({ ...manifest, cap: 3 }) });
    });
    await capped.goto(base + 'index.html', { waitUntil: 'load' });
    await query(capped, meter, 'meeting');
    status = await capped.textContent('.search-status');
    check(/the best \d+ of more; type more to narrow/.test(status), `a cut list is said ("${status}")`);
    await capped.close();

    // 5. The in-page filter offers the site's search when nothing on the page matches.
    await page.goto(base + 'index.html', { waitUntil: 'load' });
    await page.fill('#filter-q', 'quokka');
    const offer = page.locator('.filter-site-search');
    check(await offer.isVisible(), 'an empty in-page filter offers the site search');
    await offer.click();
    await page.waitForSelector('.search-results li', { timeout: 5000 }).catch(() => null);
    titles = await page.$$eval('.search-results .search-title', (els) => els.map((e) => e.textContent));
    check(titles[0] === 'Quokka summit', `… which finds the event elsewhere (${JSON.stringify(titles)})`);

    // 6. The search page shows the results of ?q=.
    await page.goto(base + 'search/index.html?q=quokka', { waitUntil: 'networkidle' });
    titles = await page.$$eval('.search-results .search-title', (els) => els.map((e) => e.textContent));
    check(titles[0] === 'Quokka summit', `search/index.html?q=quokka shows the result (${JSON.stringify(titles)})`);
    await axe(page, 'the search page');
    check(elsewhere.length === 0, `nothing asked of another host (${elsewhere.join(', ')})`);
    await context.close();

    // 7. Without JavaScript: the form goes to the page of terms and years.
    const nojs = await browser.newContext({ javaScriptEnabled: false });
    const p2 = await nojs.newPage();
    await p2.goto(base + 'page/2/index.html', { waitUntil: 'load' });
    await p2.fill('#site-search-q', 'lovelace');
    await p2.press('#site-search-q', 'Enter');
    await p2.waitForLoadState('load');
    const listed = await p2.evaluate(() => ({
      path: location.pathname,
      q: new URLSearchParams(location.search).get('q'),
      person: !!document.querySelector('main a[href$="people/ada-lovelace/index.html"]'),
      years: document.querySelectorAll('.search-years a').length,
    }));
    check(listed.path === '/search/index.html' && listed.q === 'lovelace', `without a script the form goes to search/index.html?q= (${listed.path})`);
    check(listed.person && listed.years >= 16, `… which lists the terms and the years (${listed.years} years)`);
    await p2.screenshot({ path: path.join(shotsDir, 'search-page-nojs.png'), fullPage: true });
    await nojs.close();

    // 8. From file://, the search says it needs HTTP.
    const disk = await browser.newContext();
    const p3 = await disk.newPage();
    await p3.goto(pathToFileURL(path.join(siteDir, 'index.html')).href, { waitUntil: 'load' });
    await p3.type('#site-search-q', 'quo');
    const said = await p3.$eval('.search-status', (e) => e.textContent);
    check(/HTTP/.test(said), `from file:// the search says it needs HTTP ("${said}")`);
    await disk.close();
  } finally {
    await browser.close();
    server.close();
  }
  if (failures.length) {
    console.error(`\n${failures.length} failure(s)`);
    process.exit(1);
  }
}

await main().catch((e) => { fail(`search.mjs: ${e.stack || e}`); process.exit(1); });
