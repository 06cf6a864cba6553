// Chart builders on Apache ECharts (copied from npm by the build). Each
// function takes a container element and plain data, and returns the chart
// so the page can dispose of it.

const css = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

function theme() {
  return {
    fg: css('--fg'), muted: css('--muted'), line: css('--line'), accent: css('--accent'),
    bad: css('--bad'), good: css('--good'), warn: css('--warn'), neutral: css('--neutral'),
  };
}

function make(el) {
  const chart = window.echarts.init(el, null, { renderer: 'canvas' });
  const ro = new ResizeObserver(() => chart.resize());
  ro.observe(el);
  const dispose = chart.dispose.bind(chart);
  chart.dispose = () => { ro.disconnect(); dispose(); };
  return chart;
}

const axis = (t, name, extra = {}) => ({
  name, nameLocation: 'middle', nameGap: 28, nameTextStyle: { color: t.muted },
  axisLabel: { color: t.muted }, axisLine: { lineStyle: { color: t.line } },
  splitLine: { lineStyle: { color: t.line, opacity: 0.5 } }, ...extra,
});

export function quantile(sorted, q) {
  if (!sorted.length) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

// Tukey fences [low severe, low mild, high mild, high severe].
export function tukeyFences(values) {
  const s = [...values].sort((a, b) => a - b);
  const q1 = quantile(s, 0.25);
  const q3 = quantile(s, 0.75);
  const iqr = q3 - q1;
  return [q1 - 3 * iqr, q1 - 1.5 * iqr, q3 + 1.5 * iqr, q3 + 3 * iqr];
}

// Gaussian KDE with Silverman's bandwidth, as Criterion plots it.
export function kde(values, points = 120) {
  const n = values.length;
  if (n < 2) return [];
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) || mean * 1e-3 || 1;
  const h = sd * Math.pow(4 / (3 * n), 0.2);
  // Times are never negative: the curve's tail stops at zero.
  const lo = Math.max(0, Math.min(...values) - 3 * h);
  const hi = Math.max(...values) + 3 * h;
  const out = [];
  for (let i = 0; i < points; i++) {
    const x = lo + ((hi - lo) * i) / (points - 1);
    let y = 0;
    for (const v of values) y += Math.exp(-0.5 * ((x - v) / h) ** 2);
    out.push([x, y / (n * h * Math.sqrt(2 * Math.PI))]);
  }
  return out;
}

// Sample distribution: KDE of per-iteration times, the samples as a rug,
// mean and the mild/severe outlier fences as lines.
export function distributionChart(el, perIter, { title = 'Per-iteration time (ns)' } = {}) {
  const t = theme();
  const chart = make(el);
  const fences = tukeyFences(perIter);
  const mean = perIter.reduce((a, b) => a + b, 0) / perIter.length;
  const density = kde(perIter);
  const ymax = Math.max(...density.map((p) => p[1]), 0);
  const fenceLine = (x, name, color) => ({ xAxis: x, name, lineStyle: { color, type: 'dashed' } });
  chart.setOption({
    animation: false,
    title: { text: title, textStyle: { color: t.fg, fontSize: 13 } },
    tooltip: { trigger: 'axis' },
    grid: { left: 60, right: 20, top: 40, bottom: 45 },
    xAxis: axis(t, 'ns / iteration', { type: 'value', scale: true }),
    yAxis: axis(t, 'density', { type: 'value', axisLabel: { show: false } }),
    series: [
      {
        name: 'KDE', type: 'line', showSymbol: false, data: density, smooth: true,
        lineStyle: { color: t.accent }, areaStyle: { color: t.accent, opacity: 0.15 },
        markLine: {
          symbol: 'none', label: { color: t.muted, formatter: '{b}' },
          data: [
            { xAxis: mean, name: 'mean', lineStyle: { color: t.fg } },
            fenceLine(fences[1], 'mild', t.warn), fenceLine(fences[2], 'mild', t.warn),
            fenceLine(fences[0], 'severe', t.bad), fenceLine(fences[3], 'severe', t.bad),
          ].filter((d) => Number.isFinite(d.xAxis)),
        },
      },
      {
        name: 'samples', type: 'scatter', symbolSize: 6,
        data: perIter.map((v) => [v, ymax * 0.02]),
        itemStyle: {
          color: (p) => (p.value[0] < fences[1] || p.value[0] > fences[2] ? t.bad : t.muted),
          opacity: 0.7,
        },
      },
    ],
  });
  return chart;
}

// Iterations vs total time with the fitted OLS slope through the origin.
export function regressionChart(el, iters, ns, slope) {
  const t = theme();
  const chart = make(el);
  const maxIt = Math.max(...iters);
  const series = [{
    name: 'samples', type: 'scatter', symbolSize: 6, itemStyle: { color: t.accent },
    data: iters.map((x, i) => [x, ns[i]]),
  }];
  if (Number.isFinite(slope)) {
    series.push({
      name: `slope ${slope.toPrecision(4)} ns/iter`, type: 'line', showSymbol: false,
      data: [[0, 0], [maxIt, slope * maxIt]], lineStyle: { color: t.fg },
    });
  }
  chart.setOption({
    animation: false,
    title: { text: 'Iterations vs total time', textStyle: { color: t.fg, fontSize: 13 } },
    tooltip: { trigger: 'item' },
    legend: { bottom: 0, textStyle: { color: t.muted } },
    grid: { left: 70, right: 20, top: 40, bottom: 60 },
    xAxis: axis(t, 'iterations', { type: 'value' }),
    yAxis: axis(t, 'total ns', { type: 'value', nameGap: 55 }),
    series,
  });
  return chart;
}

// Per-iteration counter values per sample, one line per counter.
export function countersChart(el, counters) {
  const t = theme();
  const chart = make(el);
  const names = Object.keys(counters);
  chart.setOption({
    animation: false,
    title: { text: 'Counters per iteration, by sample', textStyle: { color: t.fg, fontSize: 13 } },
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0, textStyle: { color: t.muted }, type: 'scroll' },
    grid: { left: 70, right: 20, top: 40, bottom: 60 },
    xAxis: axis(t, 'sample', { type: 'category', data: (counters[names[0]] || []).map((_, i) => i + 1) }),
    // A log axis spreads counters of different magnitudes, but cannot show
    // zeros (a benchmark with no page faults), so it is used only without.
    yAxis: axis(t, 'per iteration', {
      type: names.every((n) => counters[n].every((v) => v === null || v > 0)) ? 'log' : 'value',
      nameGap: 55,
    }),
    series: names.map((n) => ({ name: n, type: 'line', showSymbol: false, data: counters[n], connectNulls: false })),
  });
  return chart;
}

// Forest plot: one row per benchmark, the relative change with its CI,
// coloured by verdict, with the ±threshold band shaded.
export function forestChart(el, rows, threshold) {
  const t = theme();
  const chart = make(el);
  const colour = { regressed: t.bad, improved: t.good, inconclusive: t.warn };
  const names = rows.map((r) => r.name);
  chart.setOption({
    animation: false,
    tooltip: {
      trigger: 'item',
      formatter: (p) => {
        const r = rows[p.dataIndex];
        return `${r.name}<br>${(r.change * 100).toFixed(2)}% [${(r.lo * 100).toFixed(2)}, ${(r.hi * 100).toFixed(2)}]<br>${r.verdict}`;
      },
    },
    grid: { left: 10, right: 30, top: 20, bottom: 40, containLabel: true },
    xAxis: axis(t, 'change', { type: 'value', axisLabel: { color: t.muted, formatter: (v) => `${(v * 100).toFixed(0)}%` } }),
    yAxis: { type: 'category', data: names, inverse: true, axisLabel: { color: t.muted, width: 260, overflow: 'truncate' } },
    series: [
      {
        type: 'custom', name: 'CI',
        renderItem: (params, api) => {
          const y = api.coord([0, api.value(0)])[1];
          const a = api.coord([api.value(1), 0])[0];
          const b = api.coord([api.value(2), 0])[0];
          const c = api.coord([api.value(3), 0])[0];
          const style = { stroke: api.visual('color'), lineWidth: 2 };
          return {
            type: 'group',
            children: [
              { type: 'line', shape: { x1: a, y1: y, x2: b, y2: y }, style },
              { type: 'circle', shape: { cx: c, cy: y, r: 4 }, style: { fill: api.visual('color') } },
            ],
          };
        },
        encode: { x: [1, 2, 3], y: 0 },
        data: rows.map((r, i) => ({
          value: [i, r.lo, r.hi, r.change],
          itemStyle: { color: colour[r.verdict] || t.neutral },
        })),
        markArea: Number.isFinite(threshold) ? {
          silent: true, itemStyle: { color: t.neutral, opacity: 0.12 },
          data: [[{ xAxis: -threshold }, { xAxis: threshold }]],
        } : undefined,
      },
    ],
  });
  return chart;
}

// History: the metric per run with its CI band, change points and
// baselines marked; zoom and pan with the slider and the mouse wheel.
export function historyChart(el, points, changePoints, baselines, metric) {
  const t = theme();
  const chart = make(el);
  const x = points.map((p) => p.run_id);
  const val = points.map((p) => p[metric] ?? null);
  const lo = points.map((p) => p.ci_low ?? null);
  const width = points.map((p) => (p.ci_high != null && p.ci_low != null ? p.ci_high - p.ci_low : null));
  const idxOfRun = new Map(x.map((r, i) => [r, i]));
  const marks = [];
  for (const cp of changePoints || []) {
    const i = idxOfRun.get(cp.run_to);
    if (i === undefined) continue;
    marks.push({
      xAxis: String(cp.run_to),
      name: `step ${(cp.rel * 100).toFixed(1)}% (runs ${cp.run_from}→${cp.run_to})`,
      lineStyle: { color: cp.rel > 0 ? t.bad : t.good, type: 'solid', width: 2 },
    });
  }
  for (const b of baselines || []) {
    if (idxOfRun.has(b.run_id)) {
      marks.push({ xAxis: String(b.run_id), name: `baseline ${b.name}`, lineStyle: { color: t.accent, type: 'dotted' } });
    }
  }
  chart.setOption({
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0, textStyle: { color: t.muted }, data: ['95% CI', metric] },
    grid: { left: 70, right: 30, top: 30, bottom: 90 },
    xAxis: axis(t, 'run', { type: 'category', data: x.map(String), boundaryGap: false }),
    yAxis: axis(t, `${metric} ns/iter`, { type: 'value', scale: true, nameGap: 55 }),
    dataZoom: [{ type: 'inside' }, { type: 'slider', bottom: 30 }],
    series: [
      { name: 'CI low', type: 'line', data: lo, stack: 'ci', showSymbol: false, lineStyle: { opacity: 0 }, tooltip: { show: false } },
      {
        name: '95% CI', type: 'line', data: width, stack: 'ci', showSymbol: false,
        lineStyle: { opacity: 0 }, areaStyle: { color: t.accent, opacity: 0.18 }, tooltip: { show: false },
        itemStyle: { color: t.accent },
      },
      {
        name: metric, type: 'line', data: val, showSymbol: points.length < 200, symbolSize: 5,
        lineStyle: { color: t.accent }, itemStyle: { color: t.accent },
        markLine: { symbol: 'none', label: { color: t.fg, formatter: '{b}', position: 'insideEndTop' }, data: marks },
      },
    ],
  });
  return chart;
}
