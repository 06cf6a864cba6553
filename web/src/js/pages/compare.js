// Compare: two runs or baselines (or one A/B run). Per benchmark: the change
// with its CI as a forest plot, the verdict, counter and allocation deltas;
// sortable by change, filterable by verdict. All state is in the URL.
import { api } from '../api.js';
import { esc, fmtNs, fmtPct, fmtNum, verdictBadge } from '../format.js';
import { href, setParams } from '../router.js';
import { forestChart } from '../charts.js';

const VERDICTS = ['regressed', 'improved', 'inconclusive', 'unchanged', 'incomparable'];

function refOptions(runs, baselines, current) {
  const opts = [`<option value="">choose…</option>`];
  for (const b of baselines) {
    const v = `baseline:${b.name}`;
    opts.push(`<option value="${esc(v)}" ${v === current ? 'selected' : ''}>baseline ${esc(b.name)} (run #${b.run_id})</option>`);
  }
  for (const r of runs) {
    const v = `run:${r.id}`;
    opts.push(`<option value="${v}" ${v === current ? 'selected' : ''}>run #${r.id} ${esc(r.state)} ${esc(Object.values(r.tags || {}).join(' '))}</option>`);
  }
  return opts.join('');
}

function perIterCounter(c) {
  if (!c || c.status !== 'ok' || c.per_iter == null) return null;
  if (typeof c.per_iter === 'number') return c.per_iter;
  const m = c.per_iter.median ?? c.per_iter.mean;
  return m && typeof m === 'object' ? m.point : m;
}

function deltas(ra, rb) {
  if (!ra || !rb) return '';
  const out = [];
  const aa = ra.alloc;
  const ab = rb.alloc;
  if (aa && ab && aa.status === 'ok' && ab.status === 'ok') {
    out.push(`allocs/op ${fmtNum(aa.allocs_per_op)} → ${fmtNum(ab.allocs_per_op)}`);
    out.push(`bytes/op ${fmtNum(aa.bytes_per_op)} → ${fmtNum(ab.bytes_per_op)}`);
  }
  for (const name of Object.keys(rb.counters || {})) {
    const x = perIterCounter((ra.counters || {})[name]);
    const y = perIterCounter(rb.counters[name]);
    if (x !== null && y !== null && x !== undefined && y !== undefined) {
      const rel = x ? (y - x) / x : null;
      out.push(`${esc(name)} ${fmtNum(x)} → ${fmtNum(y)}${rel !== null ? ` (${fmtPct(rel)})` : ''}`);
    }
  }
  return out.map((s) => `<div>${s}</div>`).join('');
}

async function loadPair(a, b, force, metric) {
  const cmp = await api.compare({ a, b, force: force ? 1 : '', metric: metric === 'cpu' ? 'cpu' : '' });
  const [runA, runB] = await Promise.all([
    cmp.a && cmp.a.run ? api.run(cmp.a.run) : null,
    cmp.b && cmp.b.run ? api.run(cmp.b.run) : null,
  ]);
  const byId = (run) => new Map(((run && run.results) || []).map((r) => [r.id, r]));
  const ma = byId(runA);
  const mb = byId(runB);
  const rows = cmp.benchmarks.map((x) => {
    const d = x.decision || {};
    return {
      name: x.benchmark + (x.variant ? ` [${x.variant}]` : ''), bench: x.benchmark,
      verdict: x.verdict, change: d.change, lo: d.lo, hi: d.hi, p: d.p_adjusted ?? d.p,
      amean: x.a && x.a.mean, bmean: x.b && x.b.mean, note: x.note, straddle: d.straddle, mde: d.mde,
      deltas: deltas(x.a && ma.get(x.a.result_id), x.b && mb.get(x.b.result_id)),
    };
  });
  return { cmp, rows, threshold: cmp.config && cmp.config.threshold };
}

async function loadAb(runId) {
  const run = await api.run(runId);
  const res = run.results || [];
  const a = new Map(res.filter((r) => r.variant === 'a').map((r) => [r.benchmark, r]));
  const rows = res.filter((r) => r.variant === 'b' && r.verdict).map((r) => {
    const d = r.verdict.decision || {};
    return {
      name: r.benchmark, bench: r.benchmark, verdict: r.verdict.verdict, change: d.change, lo: d.lo,
      hi: d.hi, p: d.p_adjusted ?? d.p, amean: a.get(r.benchmark) && a.get(r.benchmark).mean, bmean: r.mean,
      note: r.verdict.stop ? `stopped: ${r.verdict.stop}, ${r.verdict.paired ? r.verdict.paired.rounds : '?'} rounds` : null,
      straddle: d.straddle, mde: d.mde, deltas: deltas(a.get(r.benchmark), r),
    };
  });
  const first = res.find((r) => r.variant === 'b' && r.verdict) || {};
  const v = first.verdict || {};
  return { cmp: { comparable: true, env_diffs: [], a: { run: run.id }, b: { run: run.id }, metric: v.metric, confidence: v.confidence }, rows, threshold: rows[0] && rows[0].threshold, run };
}

export async function render(main, route) {
  const p = route.params;
  const a = p.get('a') || '';
  const b = p.get('b') || '';
  const ab = p.get('ab') || '';
  const force = p.get('force') === '1';
  const metric = p.get('metric') === 'cpu' ? 'cpu' : '';
  const sort = p.get('sort') || 'change';
  const vf = p.get('verdict') || '';
  const [runs, bl] = await Promise.all([api.runs({ limit: 100, state: 'done' }), api.baselines()]);
  main.innerHTML = `
    <h1>Compare</h1>
    <form class="filters" id="cmp-form" aria-label="Choose what to compare">
      <label>Reference (A)<select name="a">${refOptions(runs.runs, bl.baselines, a)}</select></label>
      <label>Candidate (B)<select name="b">${refOptions(runs.runs, bl.baselines, b)}</select></label>
      <label>Metric<select name="metric" aria-label="time compared per iteration"><option value="" ${metric ? '' : 'selected'}>wall time</option><option value="cpu" ${metric ? 'selected' : ''}>CPU time (task-clock)</option></select></label>
      <label><span>Force</span><input type="checkbox" name="force" ${force ? 'checked' : ''} aria-label="compare even if environments differ"></label>
      <button class="primary" type="submit">Compare</button>
    </form>
    <section id="cmp-out" aria-live="polite"></section>`;
  main.querySelector('#cmp-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const f = new FormData(ev.target);
    setParams({ a: f.get('a'), b: f.get('b'), force: f.get('force') ? '1' : '', metric: f.get('metric') || '', ab: '' });
  });
  const out = main.querySelector('#cmp-out');
  if (!ab && (!a || !b)) {
    out.innerHTML = '<p class="muted">Choose a reference and a candidate, or open an A/B run from its run page.</p>';
    return null;
  }
  const { cmp, rows } = ab ? await loadAb(ab) : await loadPair(a, b, force, metric);
  const threshold = cmp.config ? cmp.config.threshold : (rows.find((r) => r.threshold) || {}).threshold;
  let shown = vf ? rows.filter((r) => r.verdict === vf) : rows.slice();
  if (sort === 'change') shown.sort((x, y) => (y.change ?? -Infinity) - (x.change ?? -Infinity));
  else shown.sort((x, y) => x.name.localeCompare(y.name));
  const summary = cmp.summary || VERDICTS.reduce((o, v) => ({ ...o, [v]: rows.filter((r) => r.verdict === v).length }), {});
  out.innerHTML = `
    ${cmp.comparable === false ? `<div class="error" role="alert">Environments differ; verdicts are incomparable unless forced.
      <ul>${(cmp.env_diffs || []).map((d) => `<li>${esc(d.key)}: ${esc(d.a)} → ${esc(d.b)}</li>`).join('')}</ul></div>` : ''}
    ${cmp.forced ? '<p class="warn">Forced comparison across different environments.</p>' : ''}
    <p id="cmp-metric" class="muted">Compared on ${cmp.metric === 'cpu' ? 'CPU time per iteration (task-clock)' : 'wall time per iteration'}${cmp.confidence ? `; CI level ${fmtNum(cmp.confidence * 100)}% (corrected for the A/B run's planned looks)` : '; 95% CIs'}</p>
    <p id="cmp-summary">${VERDICTS.map((v) => `${verdictBadge(v)} ${summary[v] || 0}`).join(' &nbsp; ')}</p>
    <div class="filters">
      <label>Show<select id="vf">${['', ...VERDICTS].map((v) => `<option value="${v}" ${v === vf ? 'selected' : ''}>${v || 'all verdicts'}</option>`).join('')}</select></label>
      <label>Sort<select id="sort"><option value="change" ${sort === 'change' ? 'selected' : ''}>by change</option><option value="name" ${sort === 'name' ? 'selected' : ''}>by name</option></select></label>
    </div>
    <div class="chart tall" id="forest" role="img" aria-label="Forest plot of relative changes with confidence intervals"></div>
    <div class="table-wrap"><table id="cmp-table">
      <thead><tr><th>Benchmark</th><th>Verdict</th><th class="num">Change [CI]</th><th class="num">p (adj.)</th>
      <th class="num">A mean</th><th class="num">B mean</th><th>Counter and allocation deltas</th><th>Note</th></tr></thead>
      <tbody>${shown.map((r) => `<tr data-verdict="${esc(r.verdict || '')}">
        <td><a href="${href('history', [], { benchmark: r.bench })}">${esc(r.name)}</a></td>
        <td>${verdictBadge(r.verdict)}${r.verdict === 'inconclusive' && r.straddle ? ` <span class="muted">(${esc(r.straddle)}; MDE ${fmtPct(r.mde)})</span>` : ''}</td>
        <td class="num">${fmtPct(r.change)} <span class="muted">[${fmtPct(r.lo)}, ${fmtPct(r.hi)}]</span></td>
        <td class="num">${fmtNum(r.p)}</td>
        <td class="num">${fmtNs(r.amean)}</td><td class="num">${fmtNs(r.bmean)}</td>
        <td>${r.deltas}</td><td class="muted">${esc(r.note || '')}</td></tr>`).join('')}</tbody>
    </table></div>`;
  out.querySelector('#vf').addEventListener('change', (ev) => setParams({ verdict: ev.target.value }));
  out.querySelector('#sort').addEventListener('change', (ev) => setParams({ sort: ev.target.value }));
  const plotted = shown.filter((r) => Number.isFinite(r.change) && Number.isFinite(r.lo) && Number.isFinite(r.hi));
  const fEl = out.querySelector('#forest');
  if (!plotted.length) { fEl.outerHTML = '<p class="muted">No comparable benchmarks to plot.</p>'; return null; }
  fEl.style.height = `${Math.max(200, 60 + plotted.length * 26)}px`;
  const chart = forestChart(fEl, plotted, threshold);
  return () => chart.dispose();
}
