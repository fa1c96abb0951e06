// Browser tests of the sample web dashboard (samples/CopilotMetrics.Samples.Web, wwwroot/*): the already built app is
// started in demo mode (GitHub simulator + in-memory store + 90-day sync) on a free loopback port, headless Chromium
// opens the dashboard, and the numbers it shows are compared with the JSON API the page itself uses.
//
// Run:  dotnet build samples/CopilotMetrics.Samples.Web -c Release && (cd tests/browser && npm ci) && node --test tests/browser/
// Env:  CHROMIUM_PATH (default /usr/bin/chromium), WEB_APP_DLL (default: the Release build of the sample).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const projectDir = join(repo, 'samples', 'CopilotMetrics.Samples.Web');
const appDll = process.env.WEB_APP_DLL || join(projectDir, 'bin', 'Release', 'net10.0', 'CopilotMetrics.Samples.Web.dll');
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const artifacts = join(here, 'artifacts');

const STARTUP_TIMEOUT_MS = 60_000;
const UI_TIMEOUT_MS = 30_000;

let app; // the dotnet child process
let appExited; // resolves with the exit code
let appLog = '';
let baseUrl;
let context; // the Chromium persistent context (fresh user data dir)
let page;
let userDataDir;
const consoleErrors = [];

// ---------------------------------------------------------------------------------------------------------------------
// helpers

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms); }),
  ]);
}

function freePort() {
  return new Promise((res, rej) => {
    const server = createServer();
    server.unref();
    server.on('error', rej);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => res(port));
    });
  });
}

function addDays(iso, days) {
  const d = new Date(iso + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function daysInclusive(since, until) {
  return Math.round((Date.parse(until + 'T00:00:00Z') - Date.parse(since + 'T00:00:00Z')) / 86_400_000) + 1;
}

// The same formatting as wwwroot/app.js.
const pct = (rate) => (rate == null ? '–' : (rate * 100).toFixed(1) + '%');
const fmtInt = new Intl.NumberFormat('en-US');
const activityOf = (row) => row.activity.userInitiatedInteractions + row.activity.codeGenerations;

async function api(path) {
  const response = await fetch(baseUrl + path, { headers: { Accept: 'application/json' } });
  assert.equal(response.status, 200, `GET ${path} -> ${response.status}`);
  return response.json();
}

// Everything the page fetches for one range, fetched again from Node.
async function expectedFor(scope, since, until) {
  const q = new URLSearchParams({ scope, since, until }).toString();
  const [historical, feature, language, ide, teams] = await Promise.all([
    api('/api/metrics/historical?' + q),
    api('/api/breakdowns?dimension=feature&' + q),
    api('/api/breakdowns?dimension=language&' + q),
    api('/api/breakdowns?dimension=ide&' + q),
    api('/api/teams?' + q),
  ]);
  return { historical, breakdowns: { features: feature, languages: language, ides: ide }, teams };
}

// What the page shows, read from the DOM.
async function shown() {
  return page.evaluate(() => {
    const text = (id) => document.querySelector(`[data-testid="${id}"]`).textContent.trim();
    const chart = document.querySelector('[data-testid="chart-active-users"]');
    const polylines = {};
    for (const p of chart.querySelectorAll('polyline[data-series]')) {
      polylines[p.dataset.series] = p.getAttribute('points').trim().split(/\s+/).filter(Boolean).length;
    }
    const circles = {};
    for (const c of chart.querySelectorAll('circle[data-series]')) {
      (circles[c.dataset.series] ||= []).push({ day: c.dataset.day, value: Number(c.dataset.value) });
    }
    const bars = (id) => [...document.querySelectorAll(`[data-testid="${id}"] g[data-testid="bar"]`)].map((g) => ({
      key: g.dataset.key,
      value: Number(g.dataset.value),
      label: g.querySelector('text.label').textContent,
      valueText: g.querySelector('text.value').textContent,
      width: Number(g.querySelector('rect').getAttribute('width')),
    }));
    return {
      state: document.body.dataset.state,
      status: text('status'),
      scope: document.querySelector('[data-testid="scope-select"]').value,
      since: document.querySelector('[data-testid="since"]').value,
      until: document.querySelector('[data-testid="until"]').value,
      cards: {
        activeUsers: text('card-active-users'),
        activeUsersNote: text('card-active-users-note'),
        dailyActiveUsers: text('card-daily-active-users'),
        acceptanceRate: text('card-acceptance-rate'),
        linesAdded: text('card-lines-added'),
      },
      polylines,
      circles,
      bars: { features: bars('chart-features'), languages: bars('chart-languages'), ides: bars('chart-ides') },
      teamRows: [...document.querySelectorAll('[data-testid="team-row"]')].map((tr) => tr.dataset.slug),
    };
  });
}

// Compares everything shown with the API's answer for the same range.
function assertShows(view, expected) {
  const { historical, breakdowns, teams } = expected;
  const s = historical.summary;
  const days = daysInclusive(view.since, view.until);
  assert.equal(historical.since, view.since);
  assert.equal(historical.until, view.until);
  // The demo synced 90 days, so every day of the ranges used here has data.
  assert.equal(s.daysWithData, days, 'the API has every day of the range');
  assert.equal(historical.activeUsers.length, days);

  // Cards.
  assert.equal(view.cards.activeUsers, String(s.monthlyActiveUsers), 'card: active users');
  assert.equal(view.cards.activeUsersNote, `28-day active users on ${s.latestDay}`);
  assert.equal(view.cards.dailyActiveUsers, String(s.dailyActiveUsers), 'card: daily active users');
  assert.equal(view.cards.acceptanceRate, pct(s.acceptanceRate), 'card: acceptance rate');
  assert.equal(view.cards.linesAdded, String(s.activity.locAdded), 'card: lines added');
  assert.ok(s.monthlyActiveUsers > 0 && s.activity.locAdded > 0, 'the simulator produced activity');

  // Line chart: one point per day and series, with the API's values.
  for (const series of ['daily', 'weekly', 'monthly']) {
    assert.equal(view.polylines[series], days, `polyline ${series}: one point per day`);
    assert.deepEqual(
      view.circles[series],
      historical.activeUsers.map((p) => ({ day: p.day, value: p[series] })),
      `chart points ${series} = API activeUsers`);
  }

  // Bar charts: the API's top 10 keys in its order, with the page's activity measure.
  for (const [name, breakdown] of Object.entries(breakdowns)) {
    const top = breakdown.rows.slice(0, 10);
    assert.ok(top.length > 0, `${name}: the API has rows`);
    assert.deepEqual(view.bars[name].map((b) => b.key), top.map((r) => r.key), `${name}: bar keys`);
    assert.deepEqual(view.bars[name].map((b) => b.label), top.map((r) => r.key || '(none)'), `${name}: bar labels`);
    assert.deepEqual(view.bars[name].map((b) => b.value), top.map(activityOf), `${name}: bar values`);
    assert.deepEqual(view.bars[name].map((b) => b.valueText), top.map((r) => fmtInt.format(activityOf(r))), `${name}: bar value texts`);
    for (const b of view.bars[name]) assert.ok(b.width > 0, `${name}: bar ${b.key} is drawn`);
  }

  // Teams table.
  assert.deepEqual(view.teamRows, teams.teams.map((t) => t.slug), 'team rows');
}

async function waitForReady(since, until) {
  await page.waitForFunction(
    ([a, b]) => document.body.dataset.state === 'ready' &&
      document.querySelector('[data-testid="status"]').textContent.includes(`${a} to ${b}`),
    [since, until],
    { timeout: UI_TIMEOUT_MS });
}

async function stopApp() {
  if (!app || app.exitCode !== null || app.signalCode !== null) return;
  app.kill('SIGTERM');
  try {
    await withTimeout(appExited, 10_000, 'app shutdown');
  } catch {
    app.kill('SIGKILL');
    await withTimeout(appExited, 5_000, 'app kill').catch(() => {});
  }
}

// Last resort if the runner is torn down without the after hook (e.g. a timeout): never leave the app running.
process.on('exit', () => {
  if (app && app.exitCode === null && app.signalCode === null) {
    try { app.kill('SIGKILL'); } catch { /* already gone */ }
  }
});

// ---------------------------------------------------------------------------------------------------------------------
// setup / teardown

before(async () => {
  assert.ok(existsSync(appDll), `${appDll} is missing: run 'dotnet build samples/CopilotMetrics.Samples.Web -c Release' first`);
  assert.ok(existsSync(chromiumPath), `${chromiumPath} is missing: install Chromium (apt-get install chromium)`);

  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  const env = { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1', ASPNETCORE_ENVIRONMENT: 'Production' };
  // Settings that would switch the sample away from the offline demo.
  for (const k of ['GITHUB_TOKEN', 'GITHUB_SCOPES', 'DATABASE_URL', 'ADMIN_API_SECRET', 'ASPNETCORE_URLS', 'URLS']) delete env[k];
  // The content root (wwwroot) is the project directory, as with 'dotnet run'.
  app = spawn('dotnet', [appDll, '--demo', '--urls', baseUrl, '--contentRoot', projectDir], {
    cwd: projectDir, env, stdio: ['ignore', 'pipe', 'pipe'],
  });
  appExited = new Promise((res) => app.once('exit', (code, signal) => res(code ?? signal)));
  const collect = (chunk) => { appLog = (appLog + chunk.toString()).slice(-20_000); };
  app.stdout.on('data', collect);
  app.stderr.on('data', collect);

  // Bounded wait for /health (and for the demo's initial sync to have stored the data).
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  let lastError = 'no answer';
  for (;;) {
    if (app.exitCode !== null || app.signalCode !== null) {
      throw new Error(`the web app exited (${app.exitCode ?? app.signalCode}) during start:\n${appLog}`);
    }
    try {
      const health = await fetch(baseUrl + '/health', { signal: AbortSignal.timeout(2_000) });
      if (health.status === 200) {
        const info = await (await fetch(baseUrl + '/api/info', { signal: AbortSignal.timeout(2_000) })).json();
        if (info.scopes.length > 0 && info.scopes.every((s) => s.latestDay)) break;
        lastError = 'the initial sync has not stored any day yet';
      } else {
        lastError = `/health answered ${health.status}`;
      }
    } catch (e) {
      lastError = e.message;
    }
    if (Date.now() > deadline) {
      throw new Error(`the web app did not become healthy within ${STARTUP_TIMEOUT_MS / 1000} s (${lastError}):\n${appLog}`);
    }
    await sleep(250);
  }

  // A fresh profile per run (launchPersistentContext owns the --user-data-dir argument).
  userDataDir = mkdtempSync(join(tmpdir(), 'copilot-metrics-chromium-'));
  context = await withTimeout(chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    timeout: 30_000,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--no-first-run',
    ],
    viewport: { width: 1280, height: 1000 },
    locale: 'en-US',
    timezoneId: 'UTC',
  }), 40_000, 'Chromium launch');
  page = context.pages()[0] ?? await context.newPage();
  page.setDefaultTimeout(UI_TIMEOUT_MS);
  // The sample has no favicon: Chromium's own /favicon.ico request logs a 404 that is not the page's error.
  const isFavicon = (url) => /\/favicon\.ico(\?|$)/.test(url || '');
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !isFavicon(msg.location().url)) consoleErrors.push(`console.error: ${msg.text()} (${msg.location().url})`);
  });
  page.on('pageerror', (err) => consoleErrors.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => consoleErrors.push(`request failed: ${req.url()} ${req.failure()?.errorText}`));
  page.on('response', (res) => {
    if (res.status() >= 400 && !isFavicon(res.url())) consoleErrors.push(`HTTP ${res.status()}: ${res.url()}`);
  });
}, { timeout: STARTUP_TIMEOUT_MS + 60_000 });

after(async () => {
  if (context) await withTimeout(context.close(), 15_000, 'browser close').catch((e) => console.error(e.message));
  await stopApp();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true, maxRetries: 3 });
}, { timeout: 40_000 });

// ---------------------------------------------------------------------------------------------------------------------
// tests (they run in order and share the page)

test('(a) the dashboard loads and becomes ready without console errors', { timeout: 60_000 }, async () => {
  const response = await page.goto(baseUrl + '/', { waitUntil: 'load' });
  assert.equal(response.status(), 200);
  // The page runs under the host's Content-Security-Policy: a violation (inline script, style or handler) is a console
  // error, which every test below rules out.
  const headers = response.headers();
  assert.match(headers['content-security-policy'] ?? '', /default-src 'none'; script-src 'self'; style-src 'self'/);
  assert.equal(headers['x-content-type-options'], 'nosniff');
  await page.waitForFunction(() => document.body.dataset.state !== 'loading', null, { timeout: UI_TIMEOUT_MS });
  const view = await shown();
  assert.equal(view.state, 'ready', `data-state is '${view.state}', status: ${view.status}`);
  assert.equal(await page.title(), 'Copilot usage metrics');
  assert.match(await page.textContent('[data-testid="mode"]'), /historical mode · store: in-memory · demo data/);
  // The default range: the 28 days up to the scope's latest stored day.
  const info = await api('/api/info');
  const latest = info.scopes.find((s) => s.scope === view.scope).latestDay;
  assert.equal(view.scope, info.scopes[0].scope);
  assert.equal(view.until, latest);
  assert.equal(view.since, addDays(latest, -27));
  assert.deepEqual(consoleErrors, []);
});

test('(b) the cards and charts show the API numbers for the displayed range', { timeout: 60_000 }, async () => {
  const view = await shown();
  assert.equal(view.state, 'ready');
  assertShows(view, await expectedFor(view.scope, view.since, view.until));
  assert.deepEqual(consoleErrors, []);
});

test('(c) changing the date range refetches and shows the new range', { timeout: 60_000 }, async () => {
  const old = await shown();
  const until = addDays(old.until, -30);
  const since = addDays(until, -13); // 14 days
  const expected = await expectedFor(old.scope, since, until);
  // The new range must really have other numbers, or the test would prove nothing.
  assert.notEqual(expected.historical.summary.activity.locAdded, Number(old.cards.linesAdded));

  const refetched = page.waitForResponse((res) => {
    const url = new URL(res.url());
    return url.pathname === '/api/metrics/historical' &&
      url.searchParams.get('since') === since && url.searchParams.get('until') === until;
  }, { timeout: UI_TIMEOUT_MS });
  // fill() sets the value and fires input + change, as a user picking a date does. Each change refetches; wait for the
  // first refresh to finish before the second change (the last test covers the race).
  await page.fill('[data-testid="since"]', since);
  await waitForReady(since, old.until);
  await page.fill('[data-testid="until"]', until);
  assert.equal((await refetched).status(), 200);
  await waitForReady(since, until);

  const view = await shown();
  assert.equal(view.since, since);
  assert.equal(view.until, until);
  assert.equal(view.polylines.daily, 14);
  assertShows(view, expected);
  assert.notEqual(view.cards.linesAdded, old.cards.linesAdded);
  assert.deepEqual(consoleErrors, []);
});

test('(d) a screenshot of the dashboard is saved', { timeout: 30_000 }, async () => {
  mkdirSync(artifacts, { recursive: true });
  const path = join(artifacts, 'dashboard.png');
  rmSync(path, { force: true });
  await page.screenshot({ path, fullPage: true });
  assert.ok(existsSync(path));
});

// A slow response for an older range must not overwrite the newer range's numbers (app.js checks, after the requests
// and before writing the page, that no newer refresh started). The delay below makes the race deterministic.
test('stale responses do not overwrite a newer range', {
  timeout: 60_000,
}, async () => {
  const old = await shown();
  const until = addDays(old.until, -7);
  const since = addDays(until, -6); // 7 days
  const staleSince = addDays(until, -20);
  const slow = async (route) => {
    if (new URL(route.request().url()).searchParams.get('since') === staleSince) await sleep(1_500);
    await route.continue();
  };
  await page.route('**/api/**', slow);
  try {
    await page.fill('[data-testid="since"]', staleSince); // refetch #1 (slow)
    await page.fill('[data-testid="until"]', until); // refetch #2 with the old since, fast
    await page.fill('[data-testid="since"]', since); // refetch #3 (the final range), fast
    await waitForReady(since, until);
    await sleep(2_500); // let the slow response arrive
  } finally {
    await page.unroute('**/api/**', slow);
  }
  const view = await shown();
  assertShows(view, await expectedFor(view.scope, since, until));
});
