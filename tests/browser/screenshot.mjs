#!/usr/bin/env node
// A Markdown document drawn roughly as GitHub draws it, as a full-page PNG.
//
//   vzcli report | node tests/browser/screenshot.mjs --out report.png [--width 980] [--html page.html]
//
// GFM through markdown-it (tables, strikethrough, autolinks), github-markdown-css
// (light), an article column --width px wide with GitHub's 45 px padding (so the
// text column is width - 90), and every ```mermaid block replaced in place by the
// SVG that mermaid renders, as GitHub does. No network: everything is inlined.
//
// stdout: one JSON object {out, width, height, diagrams: [{ok, error, width, height}]}.
// Exit 0 when the PNG was written and every diagram rendered; 1 when the PNG was
// written but a diagram failed (drawn as an error box); 2 for usage errors; 3 when
// Chromium would not start.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import MarkdownIt from 'markdown-it';
import { HERE, launch, mermaidPage, readStdin, withTimeout } from './browser.mjs';

const usage = 'usage: screenshot.mjs --out PNG [--width PX] [--html FILE] < document.md';
let opts;
try {
  ({ values: opts } = parseArgs({
    options: {
      out: { type: 'string' },
      width: { type: 'string', default: '980' },
      html: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (err) {
  process.stderr.write(`screenshot.mjs: ${err.message}\n${usage}\n`);
  process.exit(2);
}
if (opts.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
const width = Number(opts.width);
if (!opts.out || !Number.isInteger(width) || width < 300) {
  process.stderr.write(`screenshot.mjs: --out is required and --width must be >= 300\n${usage}\n`);
  process.exit(2);
}

const CSS = path.join(HERE, 'node_modules', 'github-markdown-css', 'github-markdown-light.css');
const escapeHtml = (s) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

function toHtml(markdown) {
  // GitHub does not pass raw HTML through unfiltered; keeping html off is the
  // closer, safer approximation for a report that never contains any.
  const md = new MarkdownIt('default', { html: false, linkify: true, typographer: false });
  const fence = md.renderer.rules.fence;
  md.renderer.rules.fence = (tokens, idx, options, env, self) => {
    const token = tokens[idx];
    if (token.info.trim().split(/\s+/)[0] === 'mermaid') {
      return `<div class="vz-mermaid"><pre>${escapeHtml(token.content)}</pre></div>\n`;
    }
    return fence(tokens, idx, options, env, self);
  };
  const body = md.render(markdown);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>report</title>
<style>${fs.readFileSync(CSS, 'utf8')}</style>
<style>
  html, body { margin: 0; background: #fff; }
  .markdown-body { box-sizing: border-box; min-width: 200px; max-width: ${width}px;
                   margin: 0 auto; padding: 45px; }
  .vz-mermaid { margin: 0 0 16px; text-align: center; }
  .vz-mermaid svg { height: auto; }
  .vz-mermaid-error { border: 1px solid #d1242f; color: #d1242f; padding: 8px;
                      text-align: left; white-space: pre-wrap; font-family: monospace; }
</style></head>
<body><article class="markdown-body">
${body}</article></body></html>`;
}

async function main() {
  const html = toHtml(await readStdin());
  if (opts.html) fs.writeFileSync(opts.html, html);
  let session;
  try {
    session = await launch();
  } catch (err) {
    process.stderr.write(`screenshot.mjs: could not start Chromium: ${err.message.split('\n')[0]}\n`);
    process.exit(3);
  }
  try {
    const { page, refused } = await mermaidPage(session.browser, { width: width + 40, height: 900, html });
    await page.evaluate(() =>
      mermaid.initialize({ startOnLoad: false, theme: 'default', securityLevel: 'strict', deterministicIds: true }),
    );
    const diagrams = await withTimeout(
      page.evaluate(async () => {
        const out = [];
        const blocks = Array.from(document.querySelectorAll('.vz-mermaid'));
        for (const [i, block] of blocks.entries()) {
          const source = block.querySelector('pre').textContent;
          try {
            const { svg } = await mermaid.render(`vz-shot-${i}`, source);
            block.innerHTML = svg;
            const box = block.querySelector('svg').getBoundingClientRect();
            out.push({ ok: true, error: null, width: box.width, height: box.height });
          } catch (err) {
            for (const stray of document.querySelectorAll(`#vz-shot-${i}, #dvz-shot-${i}`)) stray.remove();
            const message = String((err && err.message) || err);
            block.innerHTML = '';
            const box = document.createElement('div');
            box.className = 'vz-mermaid-error';
            box.textContent = `Unable to render rich display\n\n${message}`;
            block.append(box);
            out.push({ ok: false, error: message, width: 0, height: 0 });
          }
        }
        return out;
      }),
      120_000,
      'rendering the diagrams',
    );
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: opts.out, fullPage: true, type: 'png' });
    const size = await page.evaluate(() => ({
      width: document.documentElement.scrollWidth,
      height: document.documentElement.scrollHeight,
    }));
    if (refused.length) process.stderr.write(`screenshot.mjs: refused requests: ${refused.join(', ')}\n`);
    process.stdout.write(`${JSON.stringify({ out: opts.out, ...size, diagrams })}\n`);
    return diagrams.every((d) => d.ok) ? 0 : 1;
  } finally {
    await session.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`screenshot.mjs: ${err && err.stack ? err.stack : err}\n`);
    process.exit(1);
  },
);
