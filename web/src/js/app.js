// Entry point: routes the hash to a page module and keeps the nav current.
import { parseHash } from './router.js';
import { esc } from './format.js';
import * as runs from './pages/runs.js';
import * as run from './pages/run.js';
import * as compare from './pages/compare.js';
import * as historyPage from './pages/history.js';
import * as plugins from './pages/plugins.js';
import * as machine from './pages/machine.js';

const pages = { runs, run, compare, history: historyPage, plugins, machine };
const navOf = { run: 'runs' };
let cleanup = null;
let renderSeq = 0;

async function render() {
  const route = parseHash();
  const page = pages[route.page] || runs;
  const main = document.getElementById('main');
  const nav = navOf[route.page] || route.page;
  document.querySelectorAll('[data-nav]').forEach((a) => {
    if (a.dataset.nav === nav) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  if (cleanup) { try { cleanup(); } catch { /* page already gone */ } cleanup = null; }
  const seq = ++renderSeq;
  try {
    const c = await page.render(main, route);
    if (seq === renderSeq) cleanup = typeof c === 'function' ? c : null;
    else if (typeof c === 'function') c();
  } catch (e) {
    if (seq !== renderSeq) return;
    main.innerHTML = `<h1>Error</h1><p class="error" role="alert">${esc(e.message)}</p>`;
    console.warn('page failed:', e);
  }
}

window.addEventListener('hashchange', render);
window.addEventListener('DOMContentLoaded', render);
