// Prints the rendered width x height of Mermaid code read from stdin (a helper for redrawing).
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
const here = dirname(fileURLToPath(import.meta.url));
const code = readFileSync(0, 'utf8');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
try {
  const page = await browser.newPage();
  await page.setContent('<!doctype html><html><body></body></html>');
  await page.addScriptTag({ path: join(here, 'node_modules/mermaid/dist/mermaid.min.js') });
  const out = await page.evaluate(async (code) => {
    window.mermaid.initialize({ startOnLoad: false });
    try {
      const { svg } = await window.mermaid.render('d', code);
      return /^<svg[^>]*\sviewBox="([^"]*)"/.exec(svg)[1];
    } catch (e) { return 'error: ' + e.message; }
  }, code);
  console.log(out);
} finally { await browser.close(); }
