// Renders every Mermaid block of the repository's Markdown in headless Chromium, with the
// mermaid package from npm, and fails on a parse error or on a diagram wider than MAX_WIDTH px:
// GitHub shows a guide about 880 px wide, and a wider diagram is scaled down until its text is
// unreadable. Run through ./run (it installs what is missing).
import { chromium } from 'playwright-core';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const MAX_WIDTH = Number(process.env.MAX_DIAGRAM_WIDTH ?? 1000);
const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');

function markdownFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'target' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...markdownFiles(path));
    else if (name.endsWith('.md')) out.push(path);
  }
  return out.sort();
}

function mermaidBlocks(file) {
  const lines = readFileSync(file, 'utf8').split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() === '```mermaid') {
      const start = i + 1;
      let end = start;
      while (end < lines.length && lines[end].trim() !== '```') end++;
      blocks.push({ line: i + 1, code: lines.slice(start, end).join('\n') });
      i = end;
    }
  }
  return blocks;
}

const blocks = markdownFiles(repo).flatMap((file) =>
  mermaidBlocks(file).map((b) => ({ ...b, file: relative(repo, file) })));

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const failures = [];
try {
  const page = await browser.newPage();
  await page.setContent('<!doctype html><html><body style="width:880px"></body></html>');
  await page.addScriptTag({ path: join(here, 'node_modules/mermaid/dist/mermaid.min.js') });
  await page.evaluate(() => window.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' }));
  let n = 0;
  for (const block of blocks) {
    const result = await page.evaluate(async ({ code, id }) => {
      try {
        const { svg } = await window.mermaid.render(id, code);
        // the root element's viewBox (the SVG is HTML-ish: <br> in labels, so no XML parser)
        const match = /^<svg[^>]*\sviewBox="([^"]*)"/.exec(svg);
        const viewBox = (match ? match[1] : '').split(/[\s,]+/).map(Number);
        return { width: Math.round(viewBox[2] ?? 0), height: Math.round(viewBox[3] ?? 0) };
      } catch (e) {
        return { error: String(e && e.message ? e.message : e) };
      }
    }, { code: block.code, id: `diagram${n++}` });
    const where = `${block.file}:${block.line}`;
    if (result.error) {
      failures.push(`${where}: does not parse: ${result.error.split('\n').slice(0, 3).join(' ')}`);
    } else if (!(result.width > 0)) {
      failures.push(`${where}: rendered with no width`);
    } else if (result.width > MAX_WIDTH) {
      failures.push(`${where}: ${result.width} px wide (at most ${MAX_WIDTH}): draw it top-to-bottom or split it`);
    } else {
      console.log(`ok   ${where}  ${result.width} x ${result.height} px`);
    }
  }
} finally {
  await browser.close();
}
for (const f of failures) console.log(`FAIL ${f}`);
console.log(`[diagrams] ${blocks.length - failures.length} passed, ${failures.length} failed`);
process.exit(failures.length === 0 && blocks.length > 0 ? 0 : 1);
