// Times the dashboard in headless Chromium, measured in the page (performance.now, whose origin is the navigation):
// when the overview is fully drawn after navigation, and how long switching to each view takes (click → drawn).
//
// Run against a large in-memory store (10,000 users × 365 days; the first visit of each view fetches its data):
//   (cd benchmarks/CopilotMetrics.Benchmarks && dotnet run -c Release --no-build -- dashboard-serve 600)   # prints DASHBOARD_URL=…
//   node tests/browser/measure.mjs http://127.0.0.1:PORT/ [repeats]
import { chromium } from 'playwright-core';

const base = process.argv[2];
const repeats = Number(process.argv[3] || 5);
if (!base) throw new Error('usage: node measure.mjs BASE_URL [repeats]');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
const errors = [];
page.on('pageerror', (e) => errors.push(e.message));
const ready = (view) => page.waitForFunction((v) => document.body.dataset.state === 'ready' && document.body.dataset.view === v, view, { timeout: 60_000 });
const runs = [];
for (let i = 0; i < repeats; i++) {
  await page.goto(new URL('?view=overview&range=90', base).href, { waitUntil: 'load' });
  await ready('overview');
  const drawn = await page.evaluate(() => window.copilotDashboard.state.timings.firstDrawn);
  const switches = {};
  for (const view of ['adoption', 'completions', 'chat', 'seats', 'teams', 'users', 'overview']) {
    const t0 = await page.evaluate(() => performance.now());
    await page.click(`[data-testid="tab-${view}"]`);
    await ready(view);
    switches[view] = Math.round(await page.evaluate((a) => performance.now() - a, t0));
  }
  runs.push({ overviewDrawnMs: Math.round(drawn), switches });
  console.log(JSON.stringify(runs[runs.length - 1]));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const drawnAll = runs.map((r) => r.overviewDrawnMs);
const switchAll = runs.flatMap((r) => Object.values(r.switches));
console.log(`overview drawn after navigation: median ${median(drawnAll)} ms, range ${Math.min(...drawnAll)}-${Math.max(...drawnAll)} ms (${repeats} runs)`);
console.log(`view switch: median ${median(switchAll)} ms, max ${Math.max(...switchAll)} ms (${switchAll.length} switches)`);
if (errors.length) console.log('page errors: ' + errors.join(' | '));
await browser.close();
