// Browser tests of the sample web dashboard (samples/CopilotMetrics.Samples.Web, wwwroot/*): the already built app is
// started in demo mode (GitHub simulator + in-memory store + 90-day sync) on a free loopback port, headless Chromium
// opens every view of the dashboard, and the numbers it shows are compared with the JSON API the page itself uses.
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
const artifacts = join(here, "artifacts");
const screenshots = join(artifacts, "screenshots"); // git-ignored (tests/browser/.gitignore)

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

async function api(path) {
  const response = await fetch(baseUrl + path, { headers: { Accept: 'application/json' } });
  assert.equal(response.status, 200, `GET ${path} -> ${response.status}`);
  return response.json();
}

// The views of issue 15's endpoints, registered in app.js before the server has them: they answer 404 here.
const OPTIONAL_ENDPOINTS = ['/api/surfaces', '/api/cli', '/api/pull-requests', '/api/ai-credits'];
const VIEWS = ['overview', 'adoption', 'completions', 'chat', 'agents', 'cli', 'pull-requests', 'ai-credits', 'seats', 'teams', 'users'];

// The same formatting as wwwroot/app.js (Intl.NumberFormat, en-US).
const nf = new Intl.NumberFormat('en-US');
const nf1 = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const pf = new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
const fmt = (v) => (v == null ? '–' : Number.isInteger(v) ? nf.format(v) : nf1.format(v));
const pct = (r) => (r == null ? '–' : pf.format(r));
const q = (scope, since, until, extra) => new URLSearchParams({ scope, since, until, ...(extra || {}) }).toString();

async function state() {
  return page.evaluate(() => ({
    state: document.body.dataset.state,
    view: document.body.dataset.view,
    status: document.querySelector('[data-testid="status"]').textContent.trim(),
    scope: document.querySelector('[data-testid="scope-select"]').value,
    preset: document.querySelector('[data-testid="preset"]').value,
    since: document.querySelector('[data-testid="since"]').value,
    until: document.querySelector('[data-testid="until"]').value,
    team: document.querySelector('[data-testid="team-select"]').value,
    search: location.search,
  }));
}
const cardValue = (id) => page.textContent(`[data-testid="card-${id}-value"]`);
const cardNote = (id) => page.textContent(`[data-testid="card-${id}-note"]`);
// A table's rows as arrays of cell texts (header cell first).
const rowsOf = (testid) => page.$$eval(`table[data-testid="${testid}"] tbody tr`, (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));

async function waitReady(view) {
  await page.waitForFunction((v) => document.body.dataset.state === 'ready' && (!v || document.body.dataset.view === v), view ?? null, { timeout: UI_TIMEOUT_MS });
}
async function open(search, view) {
  await page.goto(baseUrl + '/' + search, { waitUntil: 'load' });
  await waitReady(view);
  return state();
}
async function screenshot(name) {
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: join(screenshots, name + '.png'), fullPage: true });
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
  const env = { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1', ASPNETCORE_ENVIRONMENT: 'Production', PER_USER_ACCESS: 'open' };
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
  // The endpoints of views registered ahead of the server (issue 15) answer 404 here by design; nothing else may.
  const isOptional = (url) => OPTIONAL_ENDPOINTS.some((p) => (url || '').includes(p + '?'));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !isOptional(msg.location().url)) consoleErrors.push(`console.error: ${msg.text()} (${msg.location().url})`);
  });
  page.on('pageerror', (err) => consoleErrors.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => consoleErrors.push(`request failed: ${req.url()} ${req.failure()?.errorText}`));
  page.on('response', (res) => {
    if (res.status() >= 400 && !(res.status() === 404 && isOptional(res.url()))) consoleErrors.push(`HTTP ${res.status()}: ${res.url()}`);
  });
}, { timeout: STARTUP_TIMEOUT_MS + 60_000 });

after(async () => {
  if (context) await withTimeout(context.close(), 15_000, 'browser close').catch((e) => console.error(e.message));
  await stopApp();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true, maxRetries: 3 });
}, { timeout: 40_000 });

// ---------------------------------------------------------------------------------------------------------------------
// ---------------------------------------------------------------------------------------------------------------------
// tests (they run in order and share the page)

test('the overview loads with the default range, under the CSP, with a favicon and no console errors', { timeout: 60_000 }, async () => {
  const response = await page.goto(baseUrl + '/', { waitUntil: 'load' });
  assert.equal(response.status(), 200);
  const headers = response.headers();
  assert.match(headers['content-security-policy'] ?? '', /default-src 'none'; script-src 'self'; style-src 'self'/);
  assert.equal(headers['x-content-type-options'], 'nosniff');
  await waitReady('overview');
  const s = await state();
  assert.equal(await page.title(), 'Copilot usage metrics');
  assert.match(await page.textContent('[data-testid="mode"]'), /historical mode · store: in-memory · demo data/);
  const info = await api('/api/info');
  const latest = info.scopes.find((x) => x.scope === s.scope).latestDay;
  assert.equal(s.scope, info.scopes[0].scope);
  assert.equal(s.preset, '28');
  assert.equal(s.until, latest);
  assert.equal(s.since, addDays(latest, -27));
  assert.equal((await fetch(baseUrl + '/favicon.svg')).status, 200);
  assert.equal(await page.getAttribute('link[rel="icon"]', 'href'), 'favicon.svg');
  // The chart library is the app's own copy (no CDN).
  assert.equal(await page.getAttribute('script[src*="uPlot"]', 'src'), 'lib/uplot/uPlot.iife.min.js');
  assert.ok(await page.$('[data-testid="chart-active-users"] canvas'), 'uPlot drew the active-users chart');
  assert.deepEqual(consoleErrors, []);
});

test('the overview shows the API numbers (cards, trends, seats, chart data)', { timeout: 60_000 }, async () => {
  const s = await state();
  const h = await api('/api/metrics/historical?' + q(s.scope, s.since, s.until));
  const seats = await api('/api/seats?scope=' + encodeURIComponent(s.scope));
  const x = h.summary;
  assert.equal(x.daysWithData, 28);
  assert.ok(x.monthlyActiveUsers > 0 && x.activity.locAdded > 1000, 'the simulator produced activity');
  assert.equal(await cardValue('active-users'), nf.format(x.monthlyActiveUsers));
  assert.match(await cardNote('active-users'), new RegExp(`^of ${nf.format(seats.latest.assigned)} seats \\(${pct(x.monthlyActiveUsers / seats.latest.assigned).replace('.', '\\.')}\\)`));
  assert.equal(await cardValue('daily-active-users'), nf.format(x.dailyActiveUsers));
  assert.equal(await cardValue('acceptance-rate'), pct(x.acceptanceRate));
  assert.equal(await cardValue('lines-added'), nf.format(x.activity.locAdded)); // formatted: 60,685, not 60685
  assert.match(await cardValue('lines-added'), /,/);
  assert.equal(await cardValue('interactions'), nf.format(x.activity.userInitiatedInteractions));
  // Trends against the 28 days before.
  const before = (await api('/api/metrics/historical?' + q(s.scope, addDays(s.since, -28), addDays(s.since, -1)))).summary;
  const change = (now, then) => pf.format(Math.abs((now - then) / then));
  const trendOf = (id) => page.textContent(`[data-testid="card-${id}"] [data-testid="trend"]`);
  assert.match(await trendOf('lines-added'), new RegExp(`[▲▼■] ${change(x.activity.locAdded, before.activity.locAdded).replace('.', '\\.')} vs the previous 28 days`));
  // The chart's data table = the API's series.
  const rows = await rowsOf('data-active-users');
  assert.deepEqual(rows, h.activeUsers.map((p) => [p.day, fmt(p.daily), fmt(p.weekly), fmt(p.monthly)]));
  const rates = await rowsOf('data-acceptance-rate');
  assert.deepEqual(rates, h.days.map((d) => [d.day, pct(d.activity.acceptanceRate)]));
  assert.deepEqual(consoleErrors, []);
});

test('every view loads without console errors (a screenshot of each; the 404 views say so)', { timeout: 120_000 }, async () => {
  for (const view of VIEWS) {
    await page.click(`[data-testid="tab-${view}"]`);
    await waitReady(view);
    const s = await state();
    assert.equal(new URLSearchParams(s.search).get('view'), view, `${view}: the URL names the view`);
    assert.equal(await page.getAttribute(`[data-testid="tab-${view}"]`, 'aria-current'), 'page');
    // A view of an endpoint that this server does not have yet says so; one whose endpoint answers shows its data.
    const endpoint = OPTIONAL_ENDPOINTS.find((p) => p.endsWith(view === 'agents' ? 'surfaces' : view));
    if (endpoint && (await fetch(baseUrl + endpoint + '?' + q(s.scope, s.since, s.until))).status === 404) {
      assert.match(await page.textContent('[data-testid="not-available"]'), /not available on this server/);
    } else {
      assert.equal(await page.$('[data-testid="not-available"]'), null, `${view} has data`);
    }
    await screenshot(view);
  }
  assert.deepEqual(consoleErrors, []);
});

test('code completions and chat: the tables equal the API breakdowns, with human labels and CSV', { timeout: 60_000 }, async () => {
  const s = await open('?view=completions', 'completions');
  const bySug = (rows) => [...rows].sort((a, b) => b.activity.codeGenerations - a.activity.codeGenerations || (a.key < b.key ? -1 : 1));
  for (const dim of ['language', 'ide', 'model']) {
    const b = await api('/api/breakdowns?' + q(s.scope, s.since, s.until, { dimension: dim }));
    assert.ok(b.rows.length > 1, `${dim}: rows`);
    const shownRows = await rowsOf('by-' + dim);
    assert.deepEqual(shownRows.map((r) => r.slice(1)), bySug(b.rows).map((r) => [fmt(r.activeUsers), fmt(r.activity.codeGenerations), fmt(r.activity.codeAcceptances), pct(r.activity.acceptanceRate), fmt(r.activity.locSuggestedToAdd), fmt(r.activity.locAdded), fmt(r.activity.userInitiatedInteractions)]), `${dim}: numbers`);
  }
  // The CSV of a table: raw keys and numbers.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="csv-by-language"]')]);
  const csv = (await (await download.createReadStream()).toArray()).join('');
  const lang = bySug((await api('/api/breakdowns?' + q(s.scope, s.since, s.until, { dimension: 'language' }))).rows);
  const lines = csv.trim().split(/\r\n/);
  assert.equal(lines[0], 'Name,Active users,Suggestions,Acceptances,Acceptance rate,Lines suggested,Lines accepted,Chat interactions');
  assert.equal(lines.length, lang.length + 1);
  assert.equal(lines[1], [lang[0].key, lang[0].activeUsers, lang[0].activity.codeGenerations, lang[0].activity.codeAcceptances, lang[0].activity.acceptanceRate, lang[0].activity.locSuggestedToAdd, lang[0].activity.locAdded, lang[0].activity.userInitiatedInteractions].join(','));

  await page.click('[data-testid="tab-chat"]');
  await waitReady('chat');
  const modes = await page.$$eval('table[data-testid="chat-modes"] tbody tr', (trs) => trs.map((tr) => tr.dataset.key + '=' + tr.cells[0].textContent));
  assert.ok(modes.includes('chat_panel_ask_mode=Chat panel: ask mode'), modes.join(' | '));
  assert.ok(!modes.some((m) => m.startsWith('code_completion=')), 'chat shows no code completion row');
  assert.deepEqual(consoleErrors, []);
});

test('the URL state round-trips: scope, range, team and view survive a reload', { timeout: 60_000 }, async () => {
  const info = await api('/api/info');
  const scope = info.scopes[1].scope;
  await page.selectOption('[data-testid="scope-select"]', scope);
  await waitReady();
  await page.selectOption('[data-testid="preset"]', '7');
  await waitReady();
  await page.click('[data-testid="tab-adoption"]');
  await waitReady('adoption');
  const before = await state();
  assert.equal(before.scope, scope);
  assert.equal(before.preset, '7');
  await page.reload({ waitUntil: 'load' });
  await waitReady('adoption');
  const after = await state();
  for (const k of ['scope', 'preset', 'since', 'until', 'view', 'search']) assert.equal(after[k], before[k], k);
  // A custom range and a team, opened from a shared link.
  const latest = info.scopes[0].latestDay;
  const since = addDays(latest, -40), until = addDays(latest, -20);
  const teams = await api('/api/teams?' + q(info.scopes[0].scope, since, until));
  const team = teams.teams[1].slug;
  const shared = `?view=teams&scope=${encodeURIComponent(info.scopes[0].scope)}&range=custom&since=${since}&until=${until}&team=${team}`;
  const s = await open(shared, 'teams');
  assert.deepEqual([s.scope, s.preset, s.since, s.until, s.team, s.view], [info.scopes[0].scope, 'custom', since, until, team, 'teams']);
  await page.reload({ waitUntil: 'load' });
  await waitReady('teams');
  assert.equal((await state()).search, s.search);
  // Back goes to the previous state.
  await page.click('[data-testid="tab-overview"]');
  await waitReady('overview');
  await page.goBack();
  await waitReady('teams');
  assert.equal((await state()).team, team);
  assert.deepEqual(consoleErrors, []);
});

test('the presets change the range (7, 28, 90 days, this month) and the data follows', { timeout: 60_000 }, async () => {
  await open('?view=overview', 'overview');
  const latest = (await state()).until;
  for (const [preset, since] of [['7', addDays(latest, -6)], ['90', addDays(latest, -89)], ['month', latest.slice(0, 8) + '01'], ['28', addDays(latest, -27)]]) {
    await page.selectOption('[data-testid="preset"]', preset);
    await waitReady('overview');
    const s = await state();
    assert.deepEqual([s.since, s.until], [since, latest], preset);
    assert.equal(new URLSearchParams(s.search).get('range'), preset);
    const h = await api('/api/metrics/historical?' + q(s.scope, s.since, s.until));
    assert.equal(await cardValue('lines-added'), nf.format(h.summary.activity.locAdded), `${preset}: lines`);
    assert.equal((await rowsOf('data-active-users')).length, h.activeUsers.length);
  }
  // Editing a date switches to custom.
  await page.fill('[data-testid="since"]', addDays(latest, -13));
  await waitReady('overview');
  assert.equal((await state()).preset, 'custom');
  assert.deepEqual(consoleErrors, []);
});

test('the team drill-down: the team view and the overview show that team, its weekly charts equal the API', { timeout: 60_000 }, async () => {
  let s = await open('?view=teams', 'teams');
  const all = await api('/api/teams?' + q(s.scope, s.since, s.until));
  assert.deepEqual((await rowsOf('teams')).map((r) => r[0]), all.teams.map((t) => t.slug));
  const t = all.teams[2];
  await page.click(`table[data-testid="teams"] a[data-team="${t.slug}"]`);
  await page.waitForFunction((slug) => document.body.dataset.state === 'ready' && document.querySelector('[data-testid="team-cards"]') && document.querySelector('[data-testid="team-select"]').value === slug, t.slug);
  s = await state();
  assert.equal(new URLSearchParams(s.search).get('team'), t.slug);
  assert.equal(await cardValue('team-active'), nf.format(t.activeUsers));
  assert.equal(await cardValue('team-rate'), pct(t.activity.acceptanceRate));
  assert.equal(await cardValue('team-lines'), nf.format(t.activity.locAdded));
  // Its weekly series: one row per week, each the team endpoint over that week.
  const weekly = await rowsOf('data-team-weekly-users');
  assert.equal(weekly.length, 4);
  for (const [day, users] of weekly) {
    const end = addDays(day, 6) < s.until ? addDays(day, 6) : s.until;
    const week = (await api('/api/teams?' + q(s.scope, day, end))).teams.find((x) => x.slug === t.slug);
    assert.equal(users, nf.format(week.activeUsers), `week of ${day}`);
  }
  await screenshot('teams-drilldown');
  // The overview keeps the team and shows its cards beside the scope's.
  await page.click('[data-testid="tab-overview"]');
  await waitReady('overview');
  assert.equal(await cardValue('team-active'), nf.format(t.activeUsers));
  // "All teams" removes it.
  await page.selectOption('[data-testid="team-select"]', '');
  await waitReady('overview');
  assert.equal(await page.$('[data-testid="team-cards"]'), null);
  assert.equal(new URLSearchParams((await state()).search).get('team'), null);
  assert.deepEqual(consoleErrors, []);
});

test('users: the ranking equals /api/users; the view is absent when per-user access is off', { timeout: 60_000 }, async () => {
  const s = await open('?view=users', 'users');
  const users = await api('/api/users?' + q(s.scope, s.since, s.until, { limit: '100' }));
  const rows = await rowsOf('users');
  assert.deepEqual(rows.map((r) => [r[0], r[1], r[4]]), users.items.map((u) => [u.login, fmt(u.activeDays), fmt(u.activity.codeGenerations)]));
  assert.match(await page.textContent('[data-testid="users-total"]'), new RegExp(`^${nf.format(users.totalUsers)} users`));
  // The same server, told by /api/info that per-user access is off.
  const off = async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, json: { ...(await response.json()), perUserAccess: 'off' } });
  };
  await page.route('**/api/info', off);
  try {
    await open('?view=users', 'overview'); // an unavailable view falls back to the overview
    assert.equal(await page.$('[data-testid="tab-users"]'), null);
    assert.equal(new URLSearchParams((await state()).search).get('view'), 'overview');
  } finally {
    await page.unroute('**/api/info', off);
  }
  assert.deepEqual(consoleErrors, []);
});

test('a 360 px viewport has no horizontal scroll on any view', { timeout: 120_000 }, async () => {
  await page.setViewportSize({ width: 360, height: 800 });
  try {
    for (const view of VIEWS) {
      await open(`?view=${view}${view === 'teams' ? '&team=' + (await api('/api/teams')).teams[0].slug : ''}`, view);
      const width = await page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth));
      assert.ok(width <= 360, `${view}: the page is ${width} px wide`);
      if (view === 'overview' || view === 'teams') await screenshot(view + '-360px');
    }
  } finally {
    await page.setViewportSize({ width: 1280, height: 1000 });
  }
  assert.deepEqual(consoleErrors, []);
});

test('an error clears what it replaced; keyboard: the tabs and filters are reachable and labelled', { timeout: 60_000 }, async () => {
  await open('?view=overview', 'overview');
  assert.ok(await page.$('[data-testid="card-lines-added"]'));
  const fail = (route) => route.fulfill({ status: 500, contentType: 'application/problem+json', body: JSON.stringify({ title: 'Boom', detail: 'simulated failure' }) });
  await page.route('**/api/metrics/historical?*', fail);
  try {
    await page.selectOption('[data-testid="preset"]', '7');
    await page.waitForFunction(() => document.body.dataset.state === 'error');
    assert.match(await page.textContent('[data-testid="error"]'), /simulated failure/);
    assert.equal(await page.$('[data-testid="card-lines-added"]'), null, 'the old cards are gone');
    assert.equal(await page.$('canvas'), null, 'the old charts are gone');
  } finally {
    await page.unroute('**/api/metrics/historical?*', fail);
  }
  consoleErrors.length = 0; // the simulated 500 above was logged on purpose
  // Every control has an accessible name; the tabs are links (Tab + Enter).
  const unnamed = await page.$$eval('select, input', (els) => els.filter((e) => !e.labels || e.labels.length === 0).map((e) => e.id));
  assert.deepEqual(unnamed, []);
  await page.focus('[data-testid="tab-seats"]');
  await page.keyboard.press('Enter');
  await waitReady('seats');
  const seats = await api('/api/seats?scope=' + encodeURIComponent((await state()).scope));
  assert.equal(await cardValue('seats-assigned'), nf.format(seats.latest.assigned));
  assert.equal(await cardValue('seats-never'), nf.format(seats.latest.neverUsed));
  assert.deepEqual(consoleErrors, []);
});

test('stale responses do not overwrite a newer range', { timeout: 60_000 }, async () => {
  const old = await open('?view=overview', 'overview');
  const until = addDays(old.until, -7);
  const since = addDays(until, -6);
  const staleSince = addDays(until, -20);
  const slow = async (route) => {
    if (new URL(route.request().url()).searchParams.get('since') === staleSince) await sleep(1_500);
    await route.continue();
  };
  await page.route('**/api/**', slow);
  try {
    await page.fill('[data-testid="since"]', staleSince); // slow
    await page.fill('[data-testid="until"]', until);
    await page.fill('[data-testid="since"]', since); // the final range
    await page.waitForFunction(([a, b]) => document.body.dataset.state === 'ready' && document.querySelector('[data-testid="status"]').textContent.includes(`${a} to ${b}`), [since, until]);
    await sleep(2_500);
  } finally {
    await page.unroute('**/api/**', slow);
  }
  const h = await api('/api/metrics/historical?' + q(old.scope, since, until));
  assert.equal(await cardValue('lines-added'), nf.format(h.summary.activity.locAdded));
  assert.equal((await rowsOf('data-active-users')).length, 7);
  assert.deepEqual(consoleErrors, []);
});

test('timings (reported, not asserted): the overview drawn after navigation, switching views', { timeout: 60_000 }, async () => {
  const figures = [];
  for (let i = 0; i < 3; i++) {
    await page.goto(baseUrl + '/?view=overview&range=90', { waitUntil: 'load' });
    await waitReady('overview');
    const firstDrawn = await page.evaluate(() => window.copilotDashboard.state.timings.firstDrawn);
    const switches = {};
    for (const view of ['completions', 'teams', 'adoption', 'overview']) {
      const t0 = await page.evaluate(() => performance.now());
      await page.click(`[data-testid="tab-${view}"]`);
      await waitReady(view);
      switches[view] = Math.round(await page.evaluate((a) => performance.now() - a, t0));
    }
    figures.push({ overviewDrawnMs: Math.round(firstDrawn), switches });
  }
  console.log('# dashboard timings (demo data, 90 days): ' + JSON.stringify(figures));
  assert.deepEqual(consoleErrors, []);
});
