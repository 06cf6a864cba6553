// Plugins: the catalog with benchmarks, parameters and load errors, and a
// form that starts a run (asking for the token when the daemon needs one).
import { api } from '../api.js';
import { esc, fmtNum } from '../format.js';
import { href } from '../router.js';

function paramText(pr) {
  const range = pr.min != null && pr.max != null && (pr.min || pr.max) ? ` [${pr.min}..${pr.max}]` : '';
  const ch = pr.choices ? ` {${pr.choices}}` : '';
  return `<code>${esc(pr.name)}</code>: ${esc(pr.type)} = ${esc(pr.default)}${esc(range)}${esc(ch)}`;
}

export async function render(main) {
  const [cat, benches] = await Promise.all([api.plugins(), api.benchmarks()]);
  const byPlugin = new Map();
  for (const b of benches.benchmarks) {
    if (!byPlugin.has(b.plugin)) byPlugin.set(b.plugin, []);
    byPlugin.get(b.plugin).push(b);
  }
  main.innerHTML = `
    <h1>Plugins</h1>
    <section class="panel" aria-label="Start a run">
      <h2 style="margin-top:0">Start a run</h2>
      <form id="run-form" class="filters">
        <label>Filters (globs, space separated)<input name="filters" size="40" placeholder="serialization/* (empty: everything)"></label>
        <label>Parameters (name=value …)<input name="params" size="24" placeholder="work=1000"></label>
        <label>Tags (key=value …)<input name="tags" size="24" placeholder="branch=main"></label>
        <label><span>Quick</span><input type="checkbox" name="quick" checked></label>
        <button class="primary" type="submit">Start</button>
      </form>
      <p id="run-msg" role="status"></p>
    </section>
    ${cat.broken && cat.broken.length ? `<h2>Broken or refused</h2><div class="table-wrap"><table id="broken-table">
      <thead><tr><th>File</th><th>Status</th><th>Reason</th><th>ABI (plugin / host)</th></tr></thead><tbody>
      ${cat.broken.map((b) => `<tr><td>${esc(b.path)}</td><td class="v-regressed">${esc(b.status)} ${esc(b.code)}</td><td>${esc(b.reason)}</td><td>${esc(b.plugin_abi ?? '–')} / ${esc(b.host_abi ?? '–')}</td></tr>`).join('')}
      </tbody></table></div>` : ''}
    ${cat.plugins.map((pl) => `
      <h2 id="plugin-${esc(pl.name)}">${esc(pl.name)} <span class="muted">${esc(pl.version || '')} · ABI ${pl.abi ? `${pl.abi.major}.${pl.abi.minor}` : '?'} · ${esc(pl.path)}</span></h2>
      <p>${esc(pl.summary || '')}</p>
      <div class="table-wrap"><table><thead><tr><th>Benchmark</th><th>Summary</th><th class="num">Bytes/iter</th><th class="num">Elements/iter</th><th>Parameters</th></tr></thead><tbody>
      ${(byPlugin.get(pl.name) || []).map((b) => `<tr><td><a href="${href('history', [], { benchmark: b.id })}">${esc(b.id)}</a></td>
        <td>${esc(b.summary)}</td><td class="num">${fmtNum(b.bytes_per_iter)}</td><td class="num">${fmtNum(b.elements_per_iter)}</td>
        <td>${(b.params || []).map(paramText).join('<br>')}</td></tr>`).join('')}
      </tbody></table></div>`).join('') || '<p class="muted">No plugins found in the plugin directories.</p>'}
    <h2>Plugin directories</h2>
    <ul>${(cat.dirs || []).map((d) => `<li><code>${esc(d.path)}</code> ${d.exists ? '' : '(missing)'} ${d.watched ? '(watched)' : ''} ${d.refused ? `<span class="v-regressed">${esc(d.refused)}</span>` : ''}</li>`).join('')}</ul>`;

  main.querySelector('#run-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const f = new FormData(ev.target);
    const split = (s) => String(s || '').split(/\s+/).filter(Boolean);
    const kv = (s) => Object.fromEntries(split(s).map((x) => {
      const i = x.indexOf('=');
      return i > 0 ? [x.slice(0, i), x.slice(i + 1)] : [x, ''];
    }));
    const body = { settings: { quick: !!f.get('quick') } };
    const filters = split(f.get('filters'));
    if (filters.length) body.filters = filters;
    const params = kv(f.get('params'));
    if (Object.keys(params).length) body.params = params;
    const tags = kv(f.get('tags'));
    if (Object.keys(tags).length) body.tags = tags;
    const msg = main.querySelector('#run-msg');
    try {
      const r = await api.createRun(body);
      msg.textContent = `Run #${r.id} queued.`;
      location.hash = href('run', [r.id]);
    } catch (e) {
      msg.innerHTML = `<span class="error">${esc(e.message)}</span>`;
    }
  });
  return null;
}
