// Thin client of bbd's /api/v1 (docs/API.md). Every error becomes an
// ApiError carrying the daemon's {"error":{code,message,detail}} object.

export class ApiError extends Error {
  constructor(status, body) {
    const e = (body && body.error) || {};
    const reason = e.detail && e.detail.reason ? `: ${e.detail.reason}` : '';
    super(`${e.code || 'HTTP ' + status} ${e.message || ''}${reason}`.trim());
    this.status = status;
    this.code = e.code || null;
    this.detail = e.detail || {};
  }
}

const TOKEN_KEY = 'bbd.token';

function authHeaders() {
  const t = sessionStorage.getItem(TOKEN_KEY);
  return t ? { Authorization: `Bearer ${t}` } : {};
}

async function request(method, path, body) {
  const opts = { method, headers: { Accept: 'application/json', ...authHeaders() } };
  if (body !== undefined) {
    opts.headers['Content-Type'] = 'application/json';
    opts.body = JSON.stringify(body);
  }
  const res = await fetch(`/api/v1${path}`, opts);
  if (res.status === 204) return null;
  let data = null;
  const text = await res.text();
  if (text) {
    try { data = JSON.parse(text); } catch { data = null; }
  }
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

// Mutating requests: when the daemon asks for a token (401 EAUTH), prompt
// once, keep it for this tab only, and retry.
async function mutate(method, path, body) {
  try {
    return await request(method, path, body);
  } catch (e) {
    if (e.status !== 401) throw e;
    const t = window.prompt('This bbd requires a token (DATA_DIR/token):');
    if (!t) throw e;
    sessionStorage.setItem(TOKEN_KEY, t.trim());
    return request(method, path, body);
  }
}

export function qs(params) {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) v.forEach((x) => u.append(k, x));
    else u.append(k, v);
  }
  const s = u.toString();
  return s ? `?${s}` : '';
}

export const api = {
  status: () => request('GET', '/status'),
  plugins: () => request('GET', '/plugins'),
  benchmarks: (filter) => request('GET', `/benchmarks${qs({ filter })}`),
  runs: (p) => request('GET', `/runs${qs(p)}`),
  run: (id) => request('GET', `/runs/${encodeURIComponent(id)}`),
  samples: (runId, resultId) =>
    request('GET', `/runs/${encodeURIComponent(runId)}/results/${encodeURIComponent(resultId)}/samples`),
  createRun: (body) => mutate('POST', '/runs', body),
  cancelRun: (id) => mutate('POST', `/runs/${encodeURIComponent(id)}/cancel`),
  compare: (p) => request('GET', `/compare${qs(p)}`),
  baselines: () => request('GET', '/baselines'),
  history: (p) => request('GET', `/history${qs(p)}`),
};

// Follows the daemon's Server-Sent Events; returns a function that stops.
export function followEvents(params, onEvent) {
  const es = new EventSource(`/api/v1/events${qs(params || {})}`);
  for (const type of ['hello', 'run', 'start', 'progress', 'result', 'plugins']) {
    es.addEventListener(type, (ev) => {
      let data = null;
      try { data = JSON.parse(ev.data); } catch { return; }
      onEvent(type, data);
    });
  }
  return () => es.close();
}
