// Year labels beside the rail: at every width from 320 px up, no year label's text touches the
// rail or a marker, or leaves the window.
//
//   node labels.mjs SITE_DIR      (a built site whose years are as wide as they come: BCE, c.)
//
// Opens SITE_DIR/index.html in headless Chromium (/usr/bin/chromium, or $CHROMIUM), measures
// the text of every `.year-label` (its line boxes, not the element's box, which a long label
// overflows), the rail (`.timeline::before`) and every marker (`.event::before`) at each width,
// first with the site's own labels, then with each label replaced by `c. 17001 BCE`; saves
// screenshots at 320 and 1280 px into ./screenshots/. Exits non-zero, listing every overlap.

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const siteArg = process.argv[2];
if (!siteArg) {
  console.error('usage: node labels.mjs SITE_DIR');
  process.exit(2);
}
const index = pathToFileURL(path.join(path.resolve(siteArg), 'index.html')).href;
const shotsDir = path.join(here, 'screenshots');
const WIDTHS = [320, 360, 390, 480, 600, 767, 768, 800, 900, 1024, 1280, 1600];
const WIDE_LABEL = 'c. 17001 BCE';

// In the page: the boxes, and every overlap among them.
function overlaps() {
  const box = (left, top, width, height) => ({ left, top, right: left + width, bottom: top + height });
  const meet = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  const px = (v) => parseFloat(v) || 0;
  const show = (r) => `[${Math.round(r.left)}–${Math.round(r.right)} × ${Math.round(r.top)}–${Math.round(r.bottom)}]`;
  const timeline = document.querySelector('.timeline');
  if (!timeline) return { found: 0, problems: ['no .timeline on the page'] };
  const t = timeline.getBoundingClientRect();
  const rs = getComputedStyle(timeline, '::before');
  const rails = [box(t.left + px(rs.left), t.top + px(rs.top), px(rs.width), t.height - px(rs.top) - px(rs.bottom))];
  const markers = [...document.querySelectorAll('.event')].map((e) => {
    const r = e.getBoundingClientRect();
    const s = getComputedStyle(e);
    const m = getComputedStyle(e, '::before');
    return box(r.left + px(s.borderLeftWidth) + px(m.left), r.top + px(s.borderTopWidth) + px(m.top), px(m.width), px(m.height));
  });
  const problems = [];
  const labels = [...document.querySelectorAll('.year-label')];
  for (const label of labels) {
    const range = document.createRange();
    range.selectNodeContents(label);
    for (const r of range.getClientRects()) {
      const name = `year label "${label.textContent.trim()}" ${show(r)}`;
      if (r.left < 0 || r.right > document.documentElement.clientWidth) problems.push(`${name} leaves the window`);
      for (const rail of rails) if (meet(r, rail)) problems.push(`${name} overlaps the rail ${show(rail)}`);
      for (const m of markers) if (meet(r, m)) problems.push(`${name} overlaps a marker ${show(m)}`);
    }
  }
  return { found: labels.length, problems };
}

const failures = [];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
});
try {
  await mkdir(shotsDir, { recursive: true });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
  for (const wide of [false, true]) {
    await page.goto(index);
    if (wide) {
      await page.evaluate((text) => {
        for (const label of document.querySelectorAll('.year-label')) label.textContent = text;
      }, WIDE_LABEL);
    }
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      const { found, problems } = await page.evaluate(overlaps);
      const what = `${width} px${wide ? `, labels "${WIDE_LABEL}"` : ''}`;
      if (found === 0) failures.push(`${what}: no year labels`);
      for (const p of problems) failures.push(`${what}: ${p}`);
      if (!wide && (width === 320 || width === 1280)) {
        await page.screenshot({ path: path.join(shotsDir, `bce-labels-${width}.png`), fullPage: true });
      }
      console.log(`${problems.length ? 'FAIL' : 'ok  '} ${what}: ${found} labels, ${problems.length} overlaps`);
    }
  }
} finally {
  await browser.close();
}
for (const f of failures.slice(0, 40)) console.error(`FAIL ${f}`);
if (failures.length > 40) console.error(`… and ${failures.length - 40} more`);
process.exit(failures.length ? 1 : 0);
