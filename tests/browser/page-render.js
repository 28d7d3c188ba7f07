// Runs inside the Chromium page, after mermaid.min.js. Defines
// window.vzRender(id, source) -> the result object described in render.mjs.
//
// Selectors come from the SVG that mermaid 11 actually emits (see render.mjs's
// header for the structure); each has a geometric fallback where one makes sense.
(() => {
  'use strict';

  // GitHub's Markdown column is about 880-980 px; "display" reports how big the
  // diagram would look there (mermaid's SVGs are width=100% with a max-width).
  const COLUMN_PX = 880;

  const norm = (s) => (s || '').replace(/\s+/g, ' ').trim();
  const num = (v) => {
    const n = Number.parseFloat(v);
    return Number.isFinite(n) ? n : null;
  };
  const round = (n) => (n === null || n === undefined ? n : Math.round(n * 1000) / 1000);

  function textOf(el) {
    // <text> made of <tspan> lines: join the lines with a space, not nothing.
    const spans = el.tagName.toLowerCase() === 'text' ? el.querySelectorAll('tspan') : [];
    if (spans.length) return norm(Array.from(spans, (t) => t.textContent).join(' '));
    return norm(el.textContent);
  }

  /** Every visible label: <text> elements and HTML labels in <foreignObject>. */
  function allTexts(root) {
    const out = [];
    for (const el of root.querySelectorAll('text, foreignObject')) {
      if (el.tagName.toLowerCase() === 'text' && el.closest('foreignObject')) continue;
      const t = textOf(el);
      if (t) out.push(t);
    }
    return out; // HTML labels (<span>, <div>, <p>) only ever live inside <foreignObject>
  }

  /** Where a label is drawn: mermaid places xychart text with translate(x, y). */
  function position(el) {
    const m = /translate\(\s*([-+\d.eE]+)[\s,]+([-+\d.eE]+)\s*\)/.exec(
      el.getAttribute('transform') || '',
    );
    if (m) return { x: Number(m[1]), y: Number(m[2]) };
    const b = el.getBBox();
    return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
  }

  function rectOf(el) {
    const a = ['x', 'y', 'width', 'height'].map((k) => num(el.getAttribute(k)));
    if (a.every((v) => v !== null)) {
      return { x: round(a[0]), y: round(a[1]), width: round(a[2]), height: round(a[3]) };
    }
    const b = el.getBBox();
    return { x: round(b.x), y: round(b.y), width: round(b.width), height: round(b.height) };
  }

  function axisOf(svg, side) {
    const g = svg.querySelector(`g.${side}-axis`);
    if (!g) return null;
    const labels = Array.from(g.querySelectorAll(':scope > g.label text'), (t) => ({
      text: textOf(t),
      ...position(t),
    }));
    const titleEl = g.querySelector(':scope > g.title text');
    // The axis line's group is "axis-line", except on the left axis: "axisl-line".
    const line = g.querySelector(':scope > g[class$="-line"] path');
    return { labels, title: titleEl ? textOf(titleEl) : null, line: line ? line.getBBox() : null };
  }

  const isNumber = (s) => /^[-+\u2212]?[\d,.\s]+$/.test(s) && num(s.replace(/[,\s]/g, '')) !== null;

  function xychart(svg, source) {
    const axes = {};
    for (const side of ['left', 'bottom', 'top', 'right']) {
      const a = axisOf(svg, side);
      if (a) axes[side] = a;
    }
    // Vertical charts: categories on the bottom axis, values on the left.
    // Horizontal ones: categories on the left, values on the top.
    const header = /^\s*(?:%%.*\n\s*)*xychart(?:-beta)?\s+horizontal\b/i.test(source);
    let horizontal = header || (!axes.bottom && !!axes.top);
    let valueSide = horizontal ? 'top' : 'left';
    let categorySide = horizontal ? 'left' : 'bottom';
    if (!axes[valueSide] || !axes[valueSide].labels.every((l) => isNumber(l.text))) {
      const numeric = Object.keys(axes).find(
        (s) => axes[s].labels.length && axes[s].labels.every((l) => isNumber(l.text)),
      );
      if (numeric) {
        valueSide = numeric;
        horizontal = numeric === 'top' || numeric === 'bottom';
        categorySide = Object.keys(axes).find((s) => s !== numeric) || categorySide;
      }
    }
    const valueAxis = axes[valueSide] || { labels: [], title: null };
    const categoryAxis = axes[categorySide] || { labels: [], title: null };
    // Value ticks from the origin outwards: bottom-to-top, or left-to-right.
    const vt = valueAxis.labels.slice().sort((a, b) => (horizontal ? a.x - b.x : b.y - a.y));
    const ct = categoryAxis.labels.slice().sort((a, b) => (horizontal ? a.y - b.y : a.x - b.x));

    const series = (prefix) =>
      Array.from(svg.querySelectorAll(`g.plot g[class^="${prefix}-plot"]`), (g) => ({
        index: num((g.getAttribute('class').match(/-plot-(\d+)/) || [])[1]),
        g,
      }));
    const bars = [];
    for (const { index, g } of series('bar')) {
      for (const r of g.querySelectorAll('rect')) bars.push({ series: index, ...rectOf(r) });
    }
    const lines = series('line').map(({ index, g }) => {
      const d = (g.querySelector('path') || { getAttribute: () => '' }).getAttribute('d') || '';
      const points = Array.from(d.matchAll(/[ML]\s*([-+\d.eE]+)[\s,]+([-+\d.eE]+)/g), (m) => ({
        x: round(Number(m[1])),
        y: round(Number(m[2])),
      }));
      return { series: index, points };
    });

    // The plot area: the vertical axis line spans its height, the horizontal one
    // its width; fall back to the bounding box of what is plotted.
    let plot = null;
    const vLine = [axes.left, axes.right].find((a) => a && a.line)?.line;
    const hLine = [axes.bottom, axes.top].find((a) => a && a.line)?.line;
    const plotG = svg.querySelector('g.plot');
    const pb = plotG ? plotG.getBBox() : null;
    if (vLine || hLine || pb) {
      plot = {
        top: round(vLine ? vLine.y : pb?.y),
        bottom: round(vLine ? vLine.y + vLine.height : pb && pb.y + pb.height),
        left: round(hLine ? hLine.x : pb?.x),
        right: round(hLine ? hLine.x + hLine.width : pb && pb.x + pb.width),
      };
    }
    const title = svg.querySelector('g.chart-title text');
    return {
      orientation: horizontal ? 'horizontal' : 'vertical',
      chart_title: title ? textOf(title) : null,
      y_title: valueAxis.title,
      y_ticks: vt.map((l) => l.text),
      // Where each y tick sits along the value axis (y for vertical, x for horizontal).
      y_tick_coords: vt.map((l) => round(horizontal ? l.x : l.y)),
      x_title: categoryAxis.title,
      x_ticks: ct.map((l) => l.text),
      bars,
      lines,
      plot,
    };
  }

  function timeline(svg) {
    const texts = (sel) =>
      Array.from(svg.querySelectorAll(sel), (g) => norm(allTexts(g).join(' '))).filter(Boolean);
    const inNode = (t) => t.closest('g.taskWrapper, g.eventWrapper, g.sectionWrapper');
    const loose = Array.from(svg.querySelectorAll('text'))
      .filter((t) => !inNode(t))
      .map(textOf)
      .filter(Boolean);
    return {
      timeline_title: loose[0] || null,
      periods: texts('g.taskWrapper'),
      events: texts('g.eventWrapper'),
    };
  }

  window.vzRender = async (id, source) => {
    const result = { ok: false, error: null, type: null, svg: '', width: 0, height: 0, texts: [] };
    const cleanup = () => {
      for (const stray of document.querySelectorAll(`#${id}, #d${id}, #i${id}`)) stray.remove();
    };
    try {
      const parsed = await mermaid.parse(source); // throws on a syntax error
      result.type = parsed && parsed.diagramType ? parsed.diagramType : null;
      // Laid out in a page column, as GitHub lays it out: diagrams that fit their
      // container (gantt) take its width, the others keep their own.
      const host = document.createElement('div');
      host.style.cssText = `width:${COLUMN_PX}px;position:absolute;left:0;top:0`;
      document.body.append(host);
      let svg;
      try {
        ({ svg } = await mermaid.render(id, source, host));
      } finally {
        host.remove();
      }
      cleanup();
      result.svg = svg;
      const col = document.createElement('div');
      col.style.cssText = `width:${COLUMN_PX}px;position:absolute;left:0;top:0`;
      col.innerHTML = svg;
      document.body.append(col);
      try {
        const el = col.querySelector('svg');
        const vb = el.viewBox && el.viewBox.baseVal;
        const box = el.getBoundingClientRect();
        const bb = el.getBBox();
        if (vb && vb.width > 0 && vb.height > 0) {
          result.width = round(vb.width);
          result.height = round(vb.height);
        } else {
          result.width = round(bb.width || box.width);
          result.height = round(bb.height || box.height);
        }
        result.bbox = { x: round(bb.x), y: round(bb.y), width: round(bb.width), height: round(bb.height) };
        result.display = {
          width: round(box.width),
          height: round(box.height),
          scale: result.width ? round(box.width / result.width) : null,
        };
        result.type = el.getAttribute('aria-roledescription') || result.type;
        result.texts = allTexts(el);
        if (result.type === 'xychart' || /^\s*xychart/.test(source)) {
          Object.assign(result, xychart(el, source));
        } else if (result.type === 'timeline') {
          Object.assign(result, timeline(el));
        }
        result.ok = result.width > 0 && result.height > 0;
        if (!result.ok) result.error = 'rendered SVG has no size';
      } finally {
        col.remove();
      }
    } catch (err) {
      cleanup();
      result.ok = false;
      result.error = norm(String((err && (err.message || err.str)) || err)) || 'unknown error';
    }
    return result;
  };
})();
