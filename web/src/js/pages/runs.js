// Runs: every run with state, time, tags, counts; filters and server-side
// paging; queued and running runs update live from the events stream.
import { api, followEvents } from '../api.js';
import { esc, fmtTime, fmtDuration, stateBadge, tagsText } from '../format.js';
import { href, setParams } from '../router.js';

const PAGE = 50;

export async function render(main, route) {
  const p = route.params;
  const page = Math.max(0, parseInt(p.get('page') || '0', 10) || 0);
  const state = p.get('state') || '';
  const tag = p.get('tag') || '';
  const bench = p.get('benchmark') || '';
  const data = await api.runs({ limit: PAGE, offset: page * PAGE, state, tag, benchmark: bench });
  const pages = Math.max(1, Math.ceil(data.total / PAGE));
  main.innerHTML = `
    <h1>Runs</h1>
    <form class="filters" id="runs-filter" role="search" aria-label="Filter runs">
      <label>State
        <select name="state">
          ${['', 'queued', 'running', 'done', 'failed', 'cancelled', 'interrupted']
            .map((s) => `<option value="${s}" ${s === state ? 'selected' : ''}>${s || 'any'}</option>`).join('')}
        </select></label>
      <label>Tag (key:value)<input name="tag" value="${esc(tag)}" placeholder="branch:main"></label>
      <label>Benchmark glob<input name="benchmark" value="${esc(bench)}" placeholder="serialization/*"></label>
      <button type="submit">Filter</button>
    </form>
    <p class="muted">${data.total} runs</p>
    <div class="table-wrap"><table id="runs-table">
      <caption class="muted" style="text-align:left">Newest first. Select a run to see its results.</caption>
      <thead><tr><th>Run</th><th>State</th><th>Created</th><th class="num">Duration</th>
        <th>Tags</th><th class="num">Benchmarks</th><th class="num">Failed</th><th class="num">Regressions</th><th>Progress</th></tr></thead>
      <tbody>${data.runs.map(row).join('') || '<tr><td colspan="9" class="muted">No runs yet. Start one from the Plugins page or with <code>bbctl run</code>.</td></tr>'}</tbody>
    </table></div>
    <nav class="pager" aria-label="Pages">
      <button id="prev" ${page === 0 ? 'disabled' : ''}>Previous</button>
      <span>Page ${page + 1} of ${pages}</span>
      <button id="next" ${page + 1 >= pages ? 'disabled' : ''}>Next</button>
    </nav>`;
  main.querySelector('#runs-filter').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const f = new FormData(ev.target);
    setParams({ state: f.get('state'), tag: f.get('tag'), benchmark: f.get('benchmark'), page: '' });
  });
  main.querySelector('#prev').addEventListener('click', () => setParams({ page: String(page - 1) }));
  main.querySelector('#next').addEventListener('click', () => setParams({ page: String(page + 1) }));
  main.querySelectorAll('tr[data-run]').forEach((tr) => {
    tr.addEventListener('click', (ev) => {
      if (ev.target.closest('a')) return;
      location.hash = href('run', [tr.dataset.run]);
    });
  });

  // Live updates: progress bars for running runs; reload on state changes.
  const live = data.runs.some((r) => r.state === 'queued' || r.state === 'running');
  if (!live) return null;
  let reloadTimer = null;
  return followEvents({}, (type, ev) => {
    if (type === 'progress' || type === 'start' || type === 'result') {
      const cell = main.querySelector(`tr[data-run="${ev.run}"] td.progress`);
      if (cell) {
        const total = ev.total || 0;
        const idx = type === 'result' ? (ev.index ?? 0) + 1 : (ev.index ?? 0);
        cell.innerHTML = total
          ? `<progress max="${total}" value="${idx}" aria-label="run ${ev.run} progress"></progress> ${idx}/${total} <span class="muted">${esc(ev.benchmark || '')}</span>`
          : esc(ev.benchmark || '');
      }
    } else if (type === 'run') {
      clearTimeout(reloadTimer);
      reloadTimer = setTimeout(() => window.dispatchEvent(new HashChangeEvent('hashchange')), 300);
    }
  });
}

function row(r) {
  const prog = r.progress
    ? `<progress max="${r.progress.total}" value="${r.progress.index}" aria-label="run ${r.id} progress"></progress> ${r.progress.index}/${r.progress.total}`
    : '';
  return `<tr class="clickable" data-run="${r.id}" tabindex="0">
    <td><a href="${href('run', [r.id])}">#${r.id}</a></td>
    <td>${stateBadge(r.state)}${r.error ? ` <span class="muted">${esc(r.error)}</span>` : ''}</td>
    <td>${fmtTime(r.created_ms)}</td>
    <td class="num">${fmtDuration(r.duration_s)}</td>
    <td>${esc(tagsText(r.tags))}</td>
    <td class="num">${r.benchmark_count ?? '–'}</td>
    <td class="num">${r.failed_count || 0}</td>
    <td class="num">${r.regression_count ? `<span class="v-regressed">${r.regression_count}</span>` : 0}</td>
    <td class="progress">${prog}</td></tr>`;
}
