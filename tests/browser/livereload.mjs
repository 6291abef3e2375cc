// Live reload in a real browser: starts `annalist serve` on a site, opens its timeline in
// headless Chromium, edits an article on disk, and waits for the page to show the edit by
// itself; then breaks the article and waits for the error overlay; then fixes it again.
//
//   node livereload.mjs ANNALIST_BINARY SITE_DIR
//
// The site must have content/a.md whose title is "Alpha". Exits non-zero on any failure.

import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

const [binary, siteDir] = process.argv.slice(2);
if (!binary || !siteDir) {
  console.error('usage: node livereload.mjs ANNALIST_BINARY SITE_DIR');
  process.exit(2);
}
const WAIT = 15000;
const article = (title, date) =>
  `---\ntitle: ${title}\nevents:\n  - {id: a, title: ${title}, date: '${date}'}\n---\nText.\n`;

const server = spawn(binary, ['serve', siteDir, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('serve printed no URL')), WAIT);
  createInterface({ input: server.stdout }).on('line', (line) => {
    const m = line.match(/http:\/\/127\.0\.0\.1:\d+\//);
    if (m) { clearTimeout(timer); resolve(m[0]); }
  });
  server.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
});

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let failed = false;
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`${m.text()} (${m.location().url})`); });
  await page.goto(url + 'index.html');
  await page.waitForFunction(() => document.body.innerText.includes('Alpha'), null, { timeout: WAIT });
  // Wait until the page's event stream is open, so the edit below cannot happen before it.
  await page.waitForSelector('html[data-annalist-live="open"]', { timeout: WAIT });

  writeFileSync(path.join(siteDir, 'content', 'a.md'), article('Alpha edited in the editor', '2001'));
  await page.waitForFunction(() => document.body.innerText.includes('Alpha edited in the editor'),
    null, { timeout: WAIT });
  console.log('ok   the page reloaded itself after an edit');

  writeFileSync(path.join(siteDir, 'content', 'a.md'), article('Broken', '2024-02-30'));
  await page.waitForSelector('#annalist-error', { timeout: WAIT });
  const overlay = await page.textContent('#annalist-error');
  if (!overlay.includes('a.md:4') || !overlay.includes('2024-02-30')) {
    throw new Error(`the overlay does not name the file, line and value: ${overlay}`);
  }
  if (!(await page.innerText('body')).includes('Alpha edited in the editor')) {
    throw new Error('the last good page should stay under the overlay');
  }
  console.log('ok   a broken edit shows the error over the last good page');

  writeFileSync(path.join(siteDir, 'content', 'a.md'), article('Alpha fixed', '2001'));
  await page.waitForFunction(() => document.body.innerText.includes('Alpha fixed')
    && !document.getElementById('annalist-error'), null, { timeout: WAIT });
  console.log('ok   fixing the file clears the overlay');
  // EventSource reconnects are logged as errors by Chromium when a page reloads; only
  // script errors and other failures count.
  const real = errors.filter((e) => !e.includes('/__annalist/events'));
  if (real.length) throw new Error(`console errors: ${real.join('; ')}`);
} catch (e) {
  failed = true;
  console.error(`FAIL ${e.message}`);
} finally {
  await browser.close();
  server.kill('SIGINT');
}
process.exit(failed ? 1 : 0);
