#!/usr/bin/env node
// Render Mermaid sources with the real mermaid library in headless Chromium.
//
//   echo '["timeline\n  2019 : x"]' | node tests/browser/render.mjs
//
// stdin:  a JSON array of Mermaid sources (strings).
// stdout: one JSON array, one object per source, in order:
//   ok      true when mermaid.parse and mermaid.render succeeded and the SVG has a size
//   error   mermaid's message when not ok, else null
//   type    the SVG's aria-roledescription ("xychart", "timeline", ...)
//   svg     the SVG text mermaid returned
//   width, height   the SVG's viewBox size (its drawing's size in px)
//   bbox    getBBox() of the SVG's content; display: its size in an 880 px column
//   texts   every label: <text> elements (tspan lines joined by a space) and
//           <foreignObject> HTML labels, whitespace collapsed, non-empty, in order
//   xychart only:
//     orientation  "vertical" | "horizontal"
//     y_ticks      value-axis tick labels from the origin outwards (bottom to top)
//     y_tick_coords  where each sits along the axis (y px; x px when horizontal)
//     y_title, x_title, chart_title, x_ticks (category labels in order)
//     bars         [{series, x, y, width, height}] of every bar <rect>
//     lines        [{series, points: [{x, y}]}] of every line series
//     plot         {top, bottom, left, right} of the plot area (from the axis lines)
//   timeline only: timeline_title, periods [..], events [..]
//
// The SVG that mermaid 11 draws for `xychart-beta` (vertical):
//   svg[aria-roledescription=xychart] > g.main
//     rect.background
//     g.chart-title > text
//     g.plot > g.bar-plot-N > rect (x, y, width, height attributes)
//            > g.line-plot-N > path[d="M..L.."]
//     g.bottom-axis > g.axis-line > path | g.label > text | g.ticks > path | g.title > text
//     g.left-axis   > g.axisl-line > path | g.label > text (translate(x, y)) | g.ticks | g.title
//   (horizontal: categories on g.left-axis, values on g.top-axis)
// and for `timeline`: g.taskWrapper (a period) / g.eventWrapper (an event), each
// g.timeline-node > g > text > tspan (one tspan per wrapped line); the title is
// a bare <text> child of the svg; g.lineWrapper > line are the arrows.
//
// Exit status: 0 whenever results were printed, even if diagrams failed to parse
// (those are ok:false). Non-zero, with a message on stderr, only when the harness
// itself failed: bad input, Chromium would not start, mermaid would not load.
import path from 'node:path';
import { HERE, launch, mermaidPage, readStdin, withTimeout } from './browser.mjs';

const PER_DIAGRAM_MS = 30_000;
const TOTAL_MS = Number(process.env.VZ_RENDER_TIMEOUT_MS || 240_000);

// The fixed configuration every render uses: no start-on-load, one theme, and
// ids that do not change from run to run.
const MERMAID_CONFIG = {
  startOnLoad: false,
  theme: 'default',
  securityLevel: 'strict',
  deterministicIds: true,
};

function fail(message, code = 2) {
  process.stderr.write(`render.mjs: ${message}\n`);
  process.exit(code);
}

async function main() {
  let sources;
  try {
    sources = JSON.parse(await readStdin());
  } catch (err) {
    fail(`stdin is not JSON: ${err.message}`);
  }
  if (!Array.isArray(sources) || !sources.every((s) => typeof s === 'string')) {
    fail('stdin must be a JSON array of strings (Mermaid sources)');
  }

  let session;
  try {
    session = await launch();
  } catch (err) {
    fail(`could not start Chromium: ${err.message.split('\n')[0]}`, 3);
  }
  try {
    const { page, refused } = await mermaidPage(session.browser);
    await page.addScriptTag({ path: path.join(HERE, 'page-render.js') });
    await page.evaluate((cfg) => mermaid.initialize(cfg), MERMAID_CONFIG);
    const results = [];
    for (const [i, source] of sources.entries()) {
      let result;
      try {
        result = await withTimeout(
          page.evaluate((id, src) => window.vzRender(id, src), `vz-diagram-${i}`, source),
          PER_DIAGRAM_MS,
          `diagram ${i}`,
        );
      } catch (err) {
        result = { ok: false, error: err.message, svg: '', width: 0, height: 0, texts: [] };
      }
      results.push(result);
    }
    if (refused.length) {
      // Not a harness failure, but a diagram should never reach for the network.
      process.stderr.write(`render.mjs: refused network requests: ${refused.join(', ')}\n`);
    }
    process.stdout.write(`${JSON.stringify(results)}\n`);
  } finally {
    await session.close();
  }
}

const watchdog = setTimeout(() => fail(`gave up after ${TOTAL_MS} ms`, 4), TOTAL_MS);
watchdog.unref();
main().catch((err) => fail(err && err.stack ? err.stack : String(err), 1));
