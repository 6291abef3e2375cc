// Browser check of the default theme on a built annalist site.
//
//   node check.mjs SITE_DIR            (e.g. node check.mjs /tmp/theme-out)
//
// CHECK_ARTICLE, CHECK_TERM and CHECK_TARGET (paths and an event id) default to the demo's;
// the checks of the filters, search and jump-to-year use the demo's terms and years.
// Runs the Nu HTML Checker (vnu-jar, with Java) over every page; serves SITE_DIR on 127.0.0.1
// (random free port), opens the timeline, an article page and a term page in headless
// Chromium (/usr/bin/chromium, or $CHROMIUM), runs axe-core in them, drives annalist.js
// (filters, search, jump-to-year, keys, deep links) and reads every page without JavaScript;
// saves screenshots into ./screenshots/. Exits non-zero, listing every failure.

import { mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from './serve-dir.mjs';

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
const AXE = path.join(here, 'node_modules/axe-core/axe.min.js');
const VNU = path.join(here, 'node_modules/vnu-jar/build/dist/vnu.jar');

const failures = [];
const fail = (msg) => { failures.push(msg); console.error(`FAIL ${msg}`); };
const pass = (msg) => console.log(`ok   ${msg}`);
const check = (cond, msg) => (cond ? pass(msg) : fail(msg));


// The Nu HTML Checker on every HTML page of the site: zero errors.
function nuChecker(dir) {
  // vnu writes its JSON report to stderr, and exits 1 when it found errors.
  const run = spawnSync('java', ['-jar', VNU, '--errors-only', '--format', 'json', '--skip-non-html', dir],
    { encoding: 'utf8', maxBuffer: 64 << 20 });
  const out = `${run.stderr || ''}${run.error ? String(run.error) : ''}`;
  let messages;
  try {
    messages = JSON.parse(out.slice(out.indexOf('{'))).messages;
  } catch {
    fail(`Nu HTML Checker gave no report: ${out.slice(0, 400)}`);
    return;
  }
  const errors = messages.filter((m) => m.type === 'error' || m.subType === 'fatal');
  for (const m of errors.slice(0, 20)) {
    fail(`Nu HTML Checker: ${path.relative(dir, new URL(m.url).pathname)}:${m.lastLine}: ${m.message}`);
  }
  check(errors.length === 0, `Nu HTML Checker: no errors on any page (${errors.length} found)`);
}

async function axe(page, label) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  });
  check(result.length === 0, `${label}: axe-core finds no violations${result.length ? `:\n      ${result.join('\n      ')}` : ''}`);
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
  if (existsSync(VNU)) nuChecker(siteDir);
  else fail(`no ${VNU} (run npm ci in tests/browser)`);
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
    // The browser drops a favicon or an image request still in flight when the test navigates
    // on; that is not a broken page (a missing file answers 404, counted below). Any other
    // failed request is.
    page.on('requestfailed', (r) => {
      const aborted = r.failure()?.errorText === 'net::ERR_ABORTED';
      if (!(aborted && (r.url().endsWith('/favicon.svg') || r.resourceType() === 'image'))) {
        fail(`request failed: ${r.url()} (${r.failure()?.errorText})`);
      }
    });
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
        els.filter((e) => !(e.textContent.trim() || e.labels?.length || e.getAttribute('aria-label') || e.getAttribute('title')))
          .map((e) => e.outerHTML.slice(0, 80)));
      check(unnamed.length === 0, `${rel}: every control has a name${unnamed.length ? `: ${unnamed.join(' | ')}` : ''}`);
    };

    // The timeline.
    await open('index.html');
    await basics('index.html');
    check(await page.$(`#${TARGET_ID}`) !== null, `index.html: event #${TARGET_ID} exists`);
    await timesHaveDatetime('index.html');
    check(await page.isVisible('#filters'), 'index.html: annalist.js shows the filters');
    await axe(page, 'index.html');
    // A full-page screenshot does not scroll: load the lazy images first, so they show.
    await page.evaluate(() => Promise.all([...document.images].map((img) => {
      img.loading = 'eager';
      return img.complete ? null : new Promise((r) => { img.onload = r; img.onerror = r; });
    })));
    await page.screenshot({ path: path.join(shotsDir, 'timeline-1280.png'), fullPage: true });
    await noOverflow('index.html');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(shotsDir, 'timeline-390.png'), fullPage: true });
    await page.screenshot({ path: path.join(shotsDir, 'timeline-390-top.png') });
    await page.evaluate(() => document.querySelector('.timeline .year:last-of-type').scrollIntoView());
    await page.screenshot({ path: path.join(shotsDir, 'timeline-390-cards.png') });
    await page.setViewportSize({ width: 1280, height: 900 });

    await interactions(page, open, base);

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
    await axe(page, ARTICLE);
    await page.screenshot({ path: path.join(shotsDir, 'article-1280.png'), fullPage: true });
    await noOverflow(ARTICLE);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(shotsDir, 'article-390.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });

    // A term page.
    await open(TERM);
    await basics(TERM);
    await timesHaveDatetime(TERM);
    await axe(page, TERM);
    await noOverflow(TERM);

    await context.close();

    // Dark mode: the same pages, contrast checked again.
    const dark = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'dark', reducedMotion: 'reduce' });
    const darkPage = await dark.newPage();
    darkPage.on('pageerror', (e) => fail(`page error on ${darkPage.url()}: ${e.message}`));
    for (const rel of ['index.html', ARTICLE]) {
      await darkPage.goto(base + rel, { waitUntil: 'load' });
      await axe(darkPage, `${rel} (dark)`);
    }
    await darkPage.goto(base + 'index.html', { waitUntil: 'load' });
    await darkPage.screenshot({ path: path.join(shotsDir, 'timeline-1280-dark.png'), fullPage: false });
    await dark.close();

    // Without JavaScript: every event is there, the filters stay hidden, links work.
    const nojs = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
    const plain = await nojs.newPage();
    await plain.goto(base + 'index.html?people=vladimir-putin', { waitUntil: 'load' });
    const plainState = await plain.evaluate(() => ({
      events: document.querySelectorAll('.event').length,
      visible: [...document.querySelectorAll('.event')].filter((e) => e.offsetParent !== null).length,
      filters: document.getElementById('filters')?.offsetParent !== null,
    }));
    check(plainState.events > 0 && plainState.visible === plainState.events && !plainState.filters,
      `without JavaScript: all ${plainState.events} events visible, filters hidden (visible ${plainState.visible})`);
    await plain.goto(base + `index.html#${TARGET_ID}`, { waitUntil: 'load' });
    check(await plain.evaluate(() => document.querySelector(':target')?.id) === TARGET_ID,
      `without JavaScript: index.html#${TARGET_ID} targets the event`);
    await nojs.close();
  } finally {
    await browser.close();
    await new Promise((r) => server.close(r));
  }
}

// annalist.js on the timeline: filters, search, URL state, jump-to-year, keys, deep links.
async function interactions(page, open, base) {
  const visibleIds = () => page.$$eval('.event', (els) => els.filter((e) => !e.hidden && e.offsetParent !== null).map((e) => e.id));
  const all = await visibleIds();

  // A term filter: only the events with the term stay, the URL says so, and it is shareable.
  await page.selectOption('#filter-places', 'pyongyang');
  let shown = await visibleIds();
  const withTerm = await page.$$eval('.event', (els) => els.filter((e) => e.dataset.terms.split(' ').includes('places/pyongyang')).map((e) => e.id));
  check(shown.length > 0 && shown.length < all.length && shown.join() === withTerm.join(),
    `filter places=pyongyang shows exactly its ${withTerm.length} of ${all.length} events (shown ${shown.length})`);
  check(page.url().includes('places=pyongyang'), `filter state is in the URL (${page.url()})`);
  check((await page.textContent('.filter-status')).includes(String(shown.length)), 'the filter status counts what is shown');
  const shared = page.url();
  await page.goto('about:blank');
  await page.goto(shared, { waitUntil: 'load' });
  check((await visibleIds()).join() === shown.join() && await page.inputValue('#filter-places') === 'pyongyang',
    'a shared filtered URL opens with the same filter');
  const yearHidden = await page.$$eval('.timeline .year', (ys) => ys.filter((y) => y.hidden).length);
  check(yearHidden > 0, `years without a shown event are hidden (${yearHidden})`);

  // A source filter on top: both apply.
  await page.selectOption('#filter-source', 'ria-novosti');
  shown = await visibleIds();
  const both = await page.$$eval('.event', (els) => els.filter((e) => e.dataset.terms.split(' ').includes('places/pyongyang') && e.dataset.sources.split(' ').includes('ria-novosti')).map((e) => e.id));
  check(shown.join() === both.join() && shown.length > 0, `term and source filters combine (${shown.length} shown)`);
  check(page.url().includes('source=ria-novosti'), 'the source filter is in the URL');

  // Clear: everything is back and the URL is clean.
  await page.click('#filters button[type=reset]');
  await page.waitForFunction((n) => [...document.querySelectorAll('.event')].filter((e) => !e.hidden).length === n, all.length);
  check(!page.url().includes('?'), `clearing the filters restores all events and the URL (${page.url()})`);

  // Search over titles and summaries.
  await page.fill('#filter-q', 'guest house');
  shown = await visibleIds();
  const matching = await page.$$eval('.event', (els) => els.filter((e) => /guest house/i.test(e.querySelector('.event-title').textContent + ' ' + (e.querySelector('.event-summary')?.textContent || ''))).map((e) => e.id));
  check(shown.length > 0 && shown.join() === matching.join(), `search "guest house" shows the ${matching.length} matching events (shown ${shown.length})`);
  check(page.url().includes('q=guest+house'), `the search is in the URL (${page.url()})`);
  await page.fill('#filter-q', 'zzzz-nothing');
  check(await page.isVisible('.filter-empty'), 'a search with no match says so');
  await page.fill('#filter-q', '');
  check((await visibleIds()).length === all.length, 'emptying the search shows every event');

  // Jump to year: the year comes to the top and the URL has its anchor.
  const firstYear = await page.$eval('.year-nav a', (a) => a.getAttribute('href'));
  await page.click('.year-nav a >> nth=-1');
  const lastYear = await page.$eval('.year-nav li:last-child a', (a) => a.getAttribute('href'));
  await page.waitForTimeout(50);
  const yearTop = await page.$eval(lastYear, (y) => Math.round(y.getBoundingClientRect().top));
  check(page.url().endsWith(lastYear) && yearTop >= -2 && yearTop < 200,
    `jump to year ${lastYear}: URL ${page.url()}, year at ${yearTop}px from the top`);
  await page.click(`.year-nav a[href="${firstYear}"]`);
  await page.waitForTimeout(50);
  const firstTop = await page.$eval(firstYear, (y) => Math.round(y.getBoundingClientRect().top));
  check(page.url().endsWith(firstYear) && firstTop >= -2 && firstTop < 200, `jump to year ${firstYear}: year at ${firstTop}px`);

  // Keys: j / k move between events, with a visible focus.
  await open('index.html');
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  let focus = await page.evaluate(() => ({ id: document.activeElement.id, outline: getComputedStyle(document.activeElement).outlineStyle }));
  check(focus.id === all[1] && focus.outline !== 'none', `j j focuses the second event with a visible outline (${focus.id}, ${focus.outline})`);
  await page.keyboard.press('k');
  focus = await page.evaluate(() => document.activeElement.id);
  check(focus === all[0], `k goes back to the first event (${focus})`);
  await page.screenshot({ path: path.join(shotsDir, 'timeline-focus-1280.png') });

  // Deep link: scrolled into view and highlighted, also when a filter would have hidden it.
  const deep = all[all.length - 2];
  await page.goto('about:blank');
  await page.goto(`${base}index.html?places=pyongyang&q=zzzz#${deep}`, { waitUntil: 'load' });
  const state = await page.evaluate((id) => {
    const e = document.getElementById(id);
    const r = e.getBoundingClientRect();
    return { hl: e.classList.contains('is-highlighted'), inView: r.top >= 0 && r.top < innerHeight, hidden: e.hidden };
  }, deep);
  check(state.hl && state.inView && !state.hidden, `#${deep} deep link scrolls to the event and highlights it (${JSON.stringify(state)})`);
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
