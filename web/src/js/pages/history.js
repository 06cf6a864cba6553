// History: one benchmark over time with its CI band, baselines and the
// detected change points (size and run range). Zoom and pan for long series.
import { api } from '../api.js';
import { esc, fmtNs, fmtPct, fmtTime } from '../format.js';
import { href, setParams } from '../router.js';
import { historyChart } from '../charts.js';

export async function render(main, route) {
  const p = route.params;
  const bench = p.get('benchmark') || '';
  const metric = ['mean', 'median', 'slope'].includes(p.get('metric')) ? p.get('metric') : 'mean';
  const limit = Math.min(10000, Math.max(10, parseInt(p.get('limit') || '1000', 10) || 1000));
  const list = await api.benchmarks();
  main.innerHTML = `
    <h1>History</h1>
    <form class="filters" id="hist-form" aria-label="Choose a benchmark">
      <label>Benchmark<input name="benchmark" list="bench-list" value="${esc(bench)}" size="48" placeholder="plugin/group/name"></label>
      <datalist id="bench-list">${list.benchmarks.map((b) => `<option value="${esc(b.id)}">`).join('')}</datalist>
      <label>Metric<select name="metric">${['mean', 'median', 'slope'].map((m) => `<option ${m === metric ? 'selected' : ''}>${m}</option>`).join('')}</select></label>
      <label>Last N runs<input name="limit" type="number" min="10" max="10000" value="${limit}"></label>
      <button class="primary" type="submit">Show</button>
    </form>
    <section id="hist-out"></section>`;
  main.querySelector('#hist-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const f = new FormData(ev.target);
    setParams({ benchmark: f.get('benchmark'), metric: f.get('metric'), limit: f.get('limit') });
  });
  const out = main.querySelector('#hist-out');
  if (!bench) { out.innerHTML = '<p class="muted">Choose a benchmark.</p>'; return null; }
  const [h, bl] = await Promise.all([api.history({ benchmark: bench, metric, limit }), api.baselines()]);
  if (!h.points.length) { out.innerHTML = '<p class="muted">No stored results for this benchmark yet.</p>'; return null; }
  out.innerHTML = `
    <p class="muted">${h.points.length} runs; change points by ${esc(h.method || '–')} on the ${esc(metric)}.</p>
    <div class="chart tall" id="hist-chart" role="img" aria-label="History of ${esc(bench)}"></div>
    <h2>Change points</h2>
    <div class="table-wrap"><table id="cp-table"><thead><tr><th>Runs</th><th class="num">Before</th><th class="num">After</th><th class="num">Step</th><th class="num">z</th></tr></thead>
    <tbody>${(h.change_points || []).map((c) => `<tr>
      <td><a href="${href('run', [c.run_from])}">#${c.run_from}</a> → <a href="${href('run', [c.run_to])}">#${c.run_to}</a>
        (<a href="${href('compare', [], { a: `run:${c.run_from}`, b: `run:${c.run_to}` })}">compare</a>)</td>
      <td class="num">${fmtNs(c.before)}</td><td class="num">${fmtNs(c.after)}</td>
      <td class="num ${c.rel > 0 ? 'v-regressed' : 'v-improved'}">${fmtPct(c.rel)}</td><td class="num">${c.z != null ? c.z.toFixed(1) : '–'}</td></tr>`).join('')
      || '<tr><td colspan="5" class="muted">No change point detected.</td></tr>'}</tbody></table></div>
    <p class="muted">Latest: run #${h.points[h.points.length - 1].run_id} at ${fmtTime(h.points[h.points.length - 1].time_ms)}.</p>`;
  const chart = historyChart(out.querySelector('#hist-chart'), h.points, h.change_points, bl.baselines, metric);
  return () => chart.dispose();
}
