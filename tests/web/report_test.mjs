// Browser test of the web report: a real bbd on 127.0.0.1 (port 0, temp
// data dir) with real runs of the fx_cost fixture plugin, browsed by
// Debian's headless Chromium through playwright-core.
//
//   node tests/web/report_test.mjs BUILD_DIR [ARTIFACT_DIR]
//
// Checks: the runs list, a run's detail with rendered plots, a comparison
// with a regression visible, the history with a change point, the plugins
// and machine pages, and no console errors. Saves screenshots.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, copyFileSync, rmSync, chmodSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import assert from 'node:assert/strict';

const build = resolve(process.argv[2] || 'build/release');
const artifacts = resolve(process.argv[3] || process.env.BBD_TEST_ARTIFACTS || join(build, 'artifacts'), 'web');
mkdirSync(artifacts, { recursive: true });

let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch (e) {
  console.error('playwright-core is missing: run scripts/install-deps test (npm ci in tests/web)');
  process.exit(1);
}
const CHROMIUM = '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  console.error('Debian chromium is missing: run scripts/install-deps test');
  process.exit(1);
}

const tmp = mkdtempSync(join(tmpdir(), 'bbd-web-'));
const pluginDir = join(tmp, 'plugins');
mkdirSync(pluginDir, { mode: 0o755 });
chmodSync(tmp, 0o755);
copyFileSync(join(build, 'fixtures', 'fx_cost.so'), join(pluginDir, 'fx_cost.so'));
chmodSync(join(pluginDir, 'fx_cost.so'), 0o755);

function startDaemon() {
  return new Promise((resolveP, reject) => {
    const bbd = spawn(join(build, 'bin', 'bbd'), [
      '--listen', '127.0.0.1:0', '--data-dir', join(tmp, 'data'),
      '--plugin-dir', pluginDir, '--web-dir', join(build, 'report'),
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`bbd did not start:\n${buf}`)), 30000);
    const onData = (d) => {
      buf += d.toString();
      const m = buf.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) { clearTimeout(timer); resolveP({ bbd, url: m[1] }); }
    };
    bbd.stdout.on('data', onData);
    bbd.stderr.on('data', onData);
    bbd.on('exit', (code) => { clearTimeout(timer); reject(new Error(`bbd exited ${code}:\n${buf}`)); });
  });
}

const { bbd, url } = await startDaemon();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function apiCall(method, path, body) {
  const res = await fetch(`${url}/api/v1${path}`, {
    method, headers: body ? { 'Content-Type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return data;
}

async function runAndWait(work) {
  const r = await apiCall('POST', '/runs', {
    filters: ['fx_cost/cost/spin'], params: { work: String(work) },
    // Short runs, but enough samples for a clear verdict on a busy machine.
    settings: { warmup_s: 0.05, measure_s: 0.4, samples: 20, counters: 'task-clock,page-faults,cycles' },
    tags: { work: String(work) },
  });
  for (let i = 0; i < 600; i++) {
    const run = await apiCall('GET', `/runs/${r.id}`);
    if (!['queued', 'running'].includes(run.state)) {
      assert.equal(run.state, 'done', `run ${r.id} ended ${run.state}: ${run.error}`);
      return run;
    }
    await sleep(200);
  }
  throw new Error(`run ${r.id} did not finish`);
}

let browser;
let failed = false;
try {
  // History: six runs at one cost, then six at ten times the cost, so the
  // history has a step and the comparison a clear regression.
  const runs = [];
  for (let i = 0; i < 6; i++) runs.push(await runAndWait(200));
  await apiCall('PUT', '/baselines/main', { run: runs[5].id });
  for (let i = 0; i < 6; i++) runs.push(await runAndWait(2000));
  const base = runs[5];
  const head = runs[11];

  browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  page.on('response', (r) => { if (r.status() >= 400) consoleErrors.push(`HTTP ${r.status()} ${r.url()}`); });
  const shot = (name) => page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });

  // Runs list.
  await page.goto(`${url}/#/runs`);
  await page.waitForSelector('#runs-table tbody tr[data-run]');
  const rows = await page.locator('#runs-table tbody tr[data-run]').count();
  assert.equal(rows, 12, 'runs list shows every run');
  await shot('runs');

  // Run detail with plots (canvas drawn by ECharts).
  const rid = head.results[0];
  await page.goto(`${url}/#/run/${head.id}?bench=${encodeURIComponent(rid.benchmark)}`);
  await page.waitForSelector('#results-table tbody tr[data-bench]');
  await page.waitForSelector('#chart-dist canvas');
  await page.waitForSelector('#chart-reg canvas');
  const drawn = await page.evaluate(() => {
    const c = document.querySelector('#chart-dist canvas');
    const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < px.length; i += 4) if (px[i]) n++;
    return n;
  });
  assert.ok(drawn > 1000, `distribution plot has drawn pixels (${drawn})`);
  await shot('run');

  // Comparison: base (work=200) vs head (work=2000) is a regression.
  await page.goto(`${url}/#/compare?a=run:${base.id}&b=run:${head.id}`);
  await page.waitForSelector('#cmp-table tbody tr');
  const verdict = await page.locator('#cmp-table tbody tr').first().getAttribute('data-verdict');
  assert.equal(verdict, 'regressed', 'the comparison shows the regression');
  await page.waitForSelector('#forest canvas');
  assert.match(await page.locator('#cmp-metric').innerText(), /wall time/);
  await shot('compare');

  // The same pair compared on CPU time (task-clock per iteration).
  await page.goto(`${url}/#/compare?a=run:${base.id}&b=run:${head.id}&metric=cpu`);
  await page.waitForSelector('#cmp-table tbody tr');
  assert.match(await page.locator('#cmp-metric').innerText(), /CPU time/);
  assert.equal(await page.locator('#cmp-table tbody tr').first().getAttribute('data-verdict'), 'regressed',
    'the regression is also found on CPU time');

  // History with a change point between the two levels.
  await page.goto(`${url}/#/history?benchmark=${encodeURIComponent(rid.benchmark)}`);
  await page.waitForSelector('#hist-chart canvas');
  await page.waitForSelector('#cp-table tbody tr');
  const cpText = await page.locator('#cp-table tbody').innerText();
  assert.match(cpText, new RegExp(`#${runs[5].id}\\s*→\\s*#${runs[6].id}`), `change point between runs ${runs[5].id} and ${runs[6].id}: ${cpText}`);
  await shot('history');

  // Plugins and machine pages render their tables.
  await page.goto(`${url}/#/plugins`);
  await page.waitForSelector('#run-form');
  assert.match(await page.locator('main').innerText(), /fx_cost\/cost\/spin/);
  await shot('plugins');
  await page.goto(`${url}/#/machine`);
  await page.waitForSelector('#counter-table');
  await shot('machine');

  // Phone-sized viewport still renders the runs list.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${url}/#/runs`);
  await page.waitForSelector('#runs-table');
  await shot('runs-phone');

  assert.deepEqual(consoleErrors, [], 'no console errors');
  console.log(`web report test passed; screenshots in ${artifacts}`);
} catch (e) {
  failed = true;
  console.error(e);
} finally {
  if (browser) await browser.close();
  bbd.kill('SIGTERM');
  await sleep(300);
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
