// Run: one row per benchmark (time with CI, throughput, outliers,
// allocations with the guide's bands, counters with statuses, warnings,
// failures). Selecting a row opens the benchmark's plots.
import { api, followEvents } from '../api.js';
import {
  esc, fmtNs, fmtNum, fmtBytes, fmtTime, fmtDuration, stateBadge, verdictBadge,
  allocBand, overheadBand, bandBadge, tagsText, badge,
} from '../format.js';
import { href, setParams } from '../router.js';
import { distributionChart, regressionChart, countersChart } from '../charts.js';

function outlierCount(est) {
  const o = est && est.outliers;
  if (!o) return null;
  return (o.low_severe || 0) + (o.low_mild || 0) + (o.high_mild || 0) + (o.high_severe || 0);
}

function throughput(est) {
  const t = est && est.throughput;
  if (!t) return '–';
  const parts = [];
  if (Number.isFinite(t.mib_per_s)) parts.push(`${fmtNum(t.mib_per_s)} MiB/s`);
  if (Number.isFinite(t.elements_per_s)) parts.push(`${fmtNum(t.elements_per_s)} elem/s`);
  return parts.join('<br>') || '–';
}

// per_iter is a number, or {median:{point,..}|number, mean:..}.
function perIterValue(pi) {
  if (typeof pi === 'number') return pi;
  if (!pi) return null;
  const med = pi.median ?? pi.mean;
  return med && typeof med === 'object' ? med.point : med;
}

function countersCell(counters) {
  if (!counters) return '–';
  return Object.entries(counters).map(([name, c]) => {
    if (c.status === 'ok') {
      const v = perIterValue(c.per_iter);
      return `<div>${esc(name)}: ${fmtNum(v)}</div>`;
    }
    const why = c.errno_name || c.reason || c.status;
    return `<div class="muted" title="${esc(c.message || why)}">${esc(name)}: ${esc(c.status)} (${esc(why)})</div>`;
  }).join('');
}

function allocCell(a) {
  if (!a || a.status !== 'ok') return `<span class="muted">${esc(a ? a.status : '–')}</span>`;
  const ratio = a.overhead_ratio;
  return `<div>${fmtNum(a.allocs_per_op)} allocs/op ${bandBadge(allocBand(a.allocs_per_op))}</div>
    <div>${fmtBytes(a.bytes_per_op)}/op</div>
    ${Number.isFinite(ratio) ? `<div>overhead ${fmtNum(ratio)}× ${bandBadge(overheadBand(ratio))}</div>` : ''}
    ${Number.isFinite(a.peak_bytes) ? `<div class="muted">peak ${fmtBytes(a.peak_bytes)}</div>` : ''}`;
}

function resultRow(r, selected) {
  const failed = r.status !== 'ok';
  const warn = (r.warnings || []).map((w) => `<div class="warn">${esc(w.message || w.code || w)}</div>`).join('');
  const verdict = r.verdict ? verdictBadge(r.verdict.verdict) : '';
  return `<tr class="clickable ${selected ? 'selected' : ''}" data-bench="${esc(r.benchmark)}" data-result="${r.id}" tabindex="0">
    <td><a href="${href('run', [r.run_id], { bench: r.benchmark })}">${esc(r.benchmark)}</a>${r.variant ? ` <span class="muted">[${esc(r.variant)}]</span>` : ''}</td>
    <td>${failed ? badge('s-failed', 'failed') + `<div class="error">${esc(r.failure)}</div>` : badge('s-done', 'ok')} ${verdict}</td>
    <td class="num">${fmtNs(r.mean)}<div class="muted">[${fmtNs(r.ci_low)}, ${fmtNs(r.ci_high)}]</div></td>
    <td class="num">${fmtNs(r.median)}</td>
    <td class="num">${throughput(r.estimates)}</td>
    <td class="num">${outlierCount(r.estimates) ?? '–'}</td>
    <td>${allocCell(r.alloc)}</td>
    <td>${countersCell(r.counters)}</td>
    <td>${warn}</td></tr>`;
}

export async function render(main, route) {
  const id = route.args[0];
  if (!id) { location.hash = href('runs'); return null; }
  const run = await api.run(id);
  const sel = route.params.get('bench') || '';
  const results = run.results || [];
  main.innerHTML = `
    <h1>Run #${run.id} ${stateBadge(run.state)}</h1>
    <dl class="kv panel">
      <dt>Created</dt><dd>${fmtTime(run.created_ms)}</dd>
      <dt>Duration</dt><dd>${fmtDuration(run.duration_s)}</dd>
      <dt>Tags</dt><dd>${esc(tagsText(run.tags)) || '–'}</dd>
      <dt>Benchmarks</dt><dd>${results.length} results, ${run.failed_count || 0} failed, ${run.regression_count || 0} regressions</dd>
      ${run.error ? `<dt>Error</dt><dd class="error">${esc(run.error)}</dd>` : ''}
      <dt>Compare</dt><dd><a href="${href('compare', [], { b: `run:${run.id}` })}">compare this run…</a></dd>
    </dl>
    <h2>Results</h2>
    <div class="table-wrap"><table id="results-table">
      <thead><tr><th>Benchmark</th><th>Status</th><th class="num">Mean / iter [95% CI]</th><th class="num">Median</th>
        <th class="num">Throughput</th><th class="num">Outliers</th><th>Allocations</th><th>Counters</th><th>Warnings</th></tr></thead>
      <tbody>${results.map((r) => resultRow(r, r.benchmark === sel)).join('') || '<tr><td colspan="9" class="muted">No results yet.</td></tr>'}</tbody>
    </table></div>
    <section id="detail" aria-label="Benchmark detail"></section>`;
  main.querySelectorAll('tr[data-bench]').forEach((tr) => {
    const open = () => setParams({ bench: tr.dataset.bench });
    tr.addEventListener('click', (ev) => { if (!ev.target.closest('a')) open(); });
    tr.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') open(); });
  });

  const charts = [];
  const selected = results.find((r) => r.benchmark === sel);
  if (selected) await renderDetail(main.querySelector('#detail'), run, selected, charts);

  let stop = null;
  if (run.state === 'queued' || run.state === 'running') {
    stop = followEvents({ run: run.id }, (type) => {
      if (type === 'result' || type === 'run') window.dispatchEvent(new HashChangeEvent('hashchange'));
    });
  }
  return () => { charts.forEach((c) => c.dispose()); if (stop) stop(); };
}

async function renderDetail(sec, run, r, charts) {
  sec.innerHTML = `<h2>${esc(r.benchmark)}</h2>
    <p class="muted">${r.n_samples ?? '–'} samples. Slope ${fmtNs(r.slope)}/iter${Number.isFinite(r.estimates && r.estimates.r2) ? `, R² ${r.estimates.r2.toFixed(4)}` : ''}.
    <a href="${href('history', [], { benchmark: r.benchmark })}">History of this benchmark</a></p>
    <div class="grid2">
      <div class="chart" id="chart-dist" role="img" aria-label="Distribution of per-iteration times"></div>
      <div class="chart" id="chart-reg" role="img" aria-label="Iterations versus total time with fitted slope"></div>
    </div>
    <div class="chart" id="chart-counters" role="img" aria-label="Counters per iteration"></div>`;
  if (r.status !== 'ok' && !r.n_samples) {
    sec.querySelector('.grid2').innerHTML = `<p class="error">${esc(r.failure || 'failed')}</p>`;
    return;
  }
  const s = await api.samples(run.id, r.id);
  if (!s || !s.n) { sec.querySelector('.grid2').innerHTML = '<p class="muted">No samples stored.</p>'; return; }
  const perIter = s.iters.map((it, i) => s.ns[i] / it);
  charts.push(distributionChart(sec.querySelector('#chart-dist'), perIter));
  charts.push(regressionChart(sec.querySelector('#chart-reg'), s.iters, s.ns, r.slope));
  const per = {};
  for (const [name, vals] of Object.entries(s.counters || {})) {
    if (vals.some((v) => v !== null)) per[name] = vals.map((v, i) => (v === null ? null : v / s.iters[i]));
  }
  const cEl = sec.querySelector('#chart-counters');
  if (Object.keys(per).length) charts.push(countersChart(cEl, per));
  else cEl.outerHTML = '<p class="muted">No counter values for this benchmark (see the statuses above).</p>';
}
