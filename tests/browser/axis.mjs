// The time axis in headless Chromium: labels do not overlap, marks are reached by Tab after
// the skip link, focus shows the tooltip, axe finds no violations; screenshots of the axis at
// 1,280 and 390 px go to ./screenshots/.
//
//   node axis.mjs SITE_DIR

import { createServer } from 'node:http';
import { readFile, stat, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(process.argv[2] || '.');
const shots = path.join(here, 'screenshots');
const failures = [];
const check = (ok, msg) => { if (ok) console.log(`ok   ${msg}`); else { failures.push(msg); console.error(`FAIL ${msg}`); } };
const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript' };

const server = createServer(async (req, res) => {
  try {
    let file = path.normalize(path.join(root, decodeURIComponent(new URL(req.url, 'http://x').pathname)));
    if ((await stat(file).catch(() => null))?.isDirectory()) file = path.join(file, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
    res.end(await readFile(file));
  } catch { res.writeHead(404).end(); }
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${server.address().port}/`;
await mkdir(shots, { recursive: true });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium' });
try {
  for (const width of [1280, 390]) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.goto(base + 'index.html');
    const overlaps = await page.evaluate(() => {
      const boxes = Array.from(document.querySelectorAll('.axis-svg text')).map((t) => [t.textContent, t.getBoundingClientRect()]);
      const out = [];
      boxes.forEach(([a, p], i) => boxes.slice(i + 1).forEach(([b, q]) => {
        if (p.left < q.right - 0.5 && q.left < p.right - 0.5 && p.top < q.bottom - 0.5 && q.top < p.bottom - 0.5) out.push(`${a} / ${b}`);
      }));
      return out;
    });
    check(overlaps.length === 0, `${width}px: no axis labels overlap ${overlaps.join(', ')}`);
    if (width === 1280) {
      const xs = await page.evaluate(() => Array.from(document.querySelectorAll('.axis-svg a[data-event]')).map((a) => {
        const r = a.getBoundingClientRect(); return [a.dataset.event, r.left + r.width / 2, r.top + r.height / 2, r.width];
      }));
      const june = xs.filter((m) => m[3] < 200 && ['op-ed', 'friendly-state-visit', 'talks', 'arrival', 'friendly-chat', 'motorcade-to-guest-house'].includes(m[0]));
      let close = 0;
      june.forEach((a, i) => june.slice(i + 1).forEach((b) => { if (Math.hypot(a[1] - b[1], a[2] - b[2]) < 8) close++; }));
      check(june.length >= 6 && close === 0, `June 2024 marks at least 8 px apart (${june.length} marks)`);
    }
    if (width === 1280) {
      await page.evaluate(() => document.getElementById('talks').scrollIntoView());
      const here = await page.waitForFunction(() => {
        const l = document.querySelector('.axis-svg .you-are-here');
        return l && l.style.display !== 'none';
      }, null, { timeout: 5000 }).then(() => true, () => false);
      check(here, 'scrolling the list shows the "you are here" line');
      await page.selectOption('#filter-people', { label: 'Kim Jong Il' }).catch(() => page.selectOption('#filter-people', { index: 1 }));
      const dimmed = await page.waitForFunction(() => document.querySelectorAll('.axis-svg a.dim').length > 0, null, { timeout: 5000 }).then(() => true, () => false);
      check(dimmed, 'a filter dims the marks of the events it hides');
      await page.goto(base + 'index.html');
    }
    await page.focus('.skip-axis');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement.closest('.axis-svg') !== null);
    check(focused, `${width}px: Tab after the skip link reaches a mark`);
    const tip = await page.evaluate(() => { const t = document.querySelector('.axis-tip'); return t && !t.hidden && t.textContent; });
    check(!!tip, `${width}px: focus shows the mark's date and title (${tip})`);
    await page.addScriptTag({ path: path.join(here, 'node_modules/axe-core/axe.min.js') });
    const violations = await page.evaluate(async () => (await axe.run(document.querySelector('.axis'))).violations.map((v) => v.id));
    check(violations.length === 0, `${width}px: axe finds no violations in the axis ${violations.join(' ')}`);
    await (await page.$('.axis')).screenshot({ path: path.join(shots, `axis-${width}.png`) });
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
if (failures.length) { console.error(`${failures.length} failure(s)`); process.exit(1); }
