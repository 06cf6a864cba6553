// Hash router: every page state lives in the URL (#/page/arg?k=v), so any
// view can be linked, bookmarked and reloaded.

export function parseHash(hash = location.hash) {
  const h = hash.replace(/^#\/?/, '');
  const [path, query = ''] = h.split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { page: parts[0] || 'runs', args: parts.slice(1), params: new URLSearchParams(query) };
}

export function href(page, args = [], params = {}) {
  const p = [page, ...args.map((a) => encodeURIComponent(a))].join('/');
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, v);
  }
  const s = q.toString();
  return `#/${p}${s ? `?${s}` : ''}`;
}

// Changes one or more query parameters of the current page.
export function setParams(changes, { replace = false } = {}) {
  const { page, args, params } = parseHash();
  const obj = Object.fromEntries(params.entries());
  Object.assign(obj, changes);
  const url = href(page, args, obj);
  if (replace) history.replaceState(null, '', url);
  else location.hash = url;
  if (replace) window.dispatchEvent(new HashChangeEvent('hashchange'));
}
