// Formatting helpers: units, times, verdict/state badges, allocation bands.

export function esc(s) {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({
    '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
  }[c]));
}

const isNum = (x) => typeof x === 'number' && Number.isFinite(x);

// Nanoseconds with a unit picked so 1-3 integer digits show.
export function fmtNs(ns) {
  if (!isNum(ns)) return '–';
  const a = Math.abs(ns);
  if (a < 1e3) return `${ns.toPrecision(3)} ns`;
  if (a < 1e6) return `${(ns / 1e3).toPrecision(3)} µs`;
  if (a < 1e9) return `${(ns / 1e6).toPrecision(3)} ms`;
  return `${(ns / 1e9).toPrecision(3)} s`;
}

export function fmtNum(x, digits = 3) {
  if (!isNum(x)) return '–';
  if (x !== 0 && (Math.abs(x) >= 1e6 || Math.abs(x) < 1e-3)) return x.toExponential(2);
  return Number(x.toPrecision(digits)).toLocaleString();
}

export function fmtPct(x) {
  if (!isNum(x)) return '–';
  const s = (x * 100).toFixed(Math.abs(x) < 0.1 ? 2 : 1);
  return `${x > 0 ? '+' : ''}${s}%`;
}

export function fmtBytes(b) {
  if (!isNum(b)) return '–';
  const u = ['B', 'KiB', 'MiB', 'GiB'];
  let i = 0;
  while (Math.abs(b) >= 1024 && i < u.length - 1) { b /= 1024; i++; }
  return `${i ? b.toFixed(1) : b} ${u[i]}`;
}

export function fmtTime(ms) {
  if (!isNum(ms)) return '–';
  const d = new Date(ms);
  return d.toISOString().replace('T', ' ').slice(0, 19);
}

export function fmtDuration(s) {
  if (!isNum(s)) return '–';
  if (s < 60) return `${s.toFixed(1)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

export function badge(cls, text, title) {
  const t = title ? ` title="${esc(title)}"` : '';
  return `<span class="badge ${cls}"${t}>${esc(text)}</span>`;
}

export const verdictBadge = (v) => (v ? badge(`v-${v}`, v) : '<span class="muted">–</span>');
export const stateBadge = (s) => badge(`s-${s}`, s);

// The BeBytes profiling guide's allocation bands.
export function allocBand(allocsPerOp) {
  if (!isNum(allocsPerOp)) return null;
  if (allocsPerOp < 1) return 'excellent';
  if (allocsPerOp === 1) return 'good';
  return 'poor';
}

export function overheadBand(ratio) {
  if (!isNum(ratio)) return null;
  if (ratio < 1.2) return 'excellent';
  if (ratio < 1.5) return 'good';
  if (ratio <= 2.0) return 'fair';
  return 'poor';
}

export const bandBadge = (band) => (band ? badge(`band-${band}`, band) : '');

export function tagsText(tags) {
  return Object.entries(tags || {}).map(([k, v]) => `${k}=${v}`).join(' ');
}
