// Machine: the daemon, the environment fingerprint and counter capabilities.
import { api } from '../api.js';
import { esc, fmtDuration, badge } from '../format.js';

const statusClass = { ok: 's-done', unsupported: 's-cancelled', denied: 's-failed', 'unknown-event': 's-failed', invalid: 's-failed' };

function kv(obj) {
  return Object.entries(obj || {}).filter(([, v]) => v === null || typeof v !== 'object')
    .map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v ?? '–')}</dd>`).join('');
}

export async function render(main) {
  const s = await api.status();
  const caps = s.capabilities || {};
  const counters = caps.counters || {};
  main.innerHTML = `
    <h1>Machine</h1>
    <div class="grid2">
      <section class="panel" aria-label="Daemon"><h2 style="margin-top:0">Daemon</h2>
        <dl class="kv"><dt>version</dt><dd>${esc(s.version)}</dd><dt>uptime</dt><dd>${fmtDuration(s.uptime_s)}</dd>
        <dt>listen</dt><dd>${esc(s.listen)}</dd><dt>data dir</dt><dd>${esc(s.data_dir)}</dd>
        <dt>auth</dt><dd>${s.auth ? 'token required for changes' : 'off (loopback)'}</dd>
        <dt>queue</dt><dd>${s.queue ? `${s.queue.queued} queued` : '–'}</dd></dl></section>
      <section class="panel" aria-label="Environment"><h2 style="margin-top:0">Environment</h2>
        <dl class="kv">${kv(s.machine)}${kv(Object.fromEntries(Object.entries(caps).filter(([k]) => k !== 'counters')))}</dl></section>
    </div>
    <h2>Counters</h2>
    <div class="table-wrap"><table id="counter-table"><thead><tr><th>Counter</th><th>Status</th><th>Why</th></tr></thead><tbody>
    ${Object.entries(counters).map(([name, c]) => {
      const st = typeof c === 'string' ? c : c.status;
      const why = typeof c === 'object' ? (c.errno_name || c.reason || '') : '';
      return `<tr><td>${esc(name)}</td><td>${badge(statusClass[st] || 's-cancelled', st)}</td><td class="muted">${esc(why)}${st === 'unsupported' ? ' — the kernel has no PMU driver for it here (e.g. a VM without vPMU)' : ''}</td></tr>`;
    }).join('') || '<tr><td colspan="3" class="muted">No counter capabilities reported yet.</td></tr>'}
    </tbody></table></div>`;
  return null;
}
