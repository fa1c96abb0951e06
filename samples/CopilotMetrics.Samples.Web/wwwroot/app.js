// Copilot usage dashboard: vanilla JS, charts drawn as SVG here (no libraries, works offline).
(function () {
  'use strict';
  const SVG = 'http://www.w3.org/2000/svg';
  const $ = (id) => document.getElementById(id);
  const fmtInt = new Intl.NumberFormat('en-US');
  const state = { info: null, seq: 0 };

  function addDays(iso, days) {
    const d = new Date(iso + 'T00:00:00Z');
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  }

  function pct(rate) { return rate == null ? '–' : (rate * 100).toFixed(1) + '%'; }

  function el(name, attrs, text) {
    const node = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    if (text != null) node.textContent = text;
    return node;
  }

  async function getJson(url) {
    const response = await fetch(url, { headers: { Accept: 'application/json' } });
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      const error = new Error((body && (body.detail || body.title)) || ('HTTP ' + response.status));
      error.status = response.status;
      throw error;
    }
    return body;
  }

  function query() {
    const p = new URLSearchParams({ scope: $('scope').value, since: $('since').value, until: $('until').value });
    return p.toString();
  }

  function setStatus(text, isError) {
    const s = $('status');
    s.textContent = text;
    s.classList.toggle('error', !!isError);
  }

  // Line chart of daily / weekly / monthly active users.
  function lineChart(container, points) {
    container.replaceChildren();
    const W = 900, H = 260, L = 44, R = 12, T = 12, B = 28;
    const svg = el('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'Active users per day' });
    const series = [
      { key: 'daily', name: 'Daily', color: 'var(--c1)' },
      { key: 'weekly', name: 'Weekly', color: 'var(--c2)' },
      { key: 'monthly', name: 'Monthly', color: 'var(--c3)' },
    ];
    if (points.length === 0) {
      svg.appendChild(el('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle' }, 'No data in this range'));
      container.appendChild(svg);
      return;
    }
    const max = Math.max(1, ...points.map((p) => Math.max(p.daily, p.weekly, p.monthly)));
    const x = (i) => L + (points.length === 1 ? (W - L - R) / 2 : (i * (W - L - R)) / (points.length - 1));
    const y = (v) => T + (H - T - B) * (1 - v / max);
    for (let g = 0; g <= 4; g++) {
      const v = Math.round((max * g) / 4);
      svg.appendChild(el('line', { x1: L, x2: W - R, y1: y(v), y2: y(v), stroke: '#eaeef2' }));
      svg.appendChild(el('text', { x: L - 6, y: y(v) + 4, 'text-anchor': 'end' }, fmtInt.format(v)));
    }
    const step = Math.max(1, Math.ceil(points.length / 8));
    points.forEach((p, i) => {
      if (i % step === 0 || i === points.length - 1) {
        svg.appendChild(el('text', { x: x(i), y: H - 8, 'text-anchor': i === points.length - 1 && points.length > 1 ? 'end' : 'middle' }, p.day.slice(5)));
      }
    });
    for (const s of series) {
      const d = points.map((p, i) => `${x(i).toFixed(1)},${y(p[s.key]).toFixed(1)}`).join(' ');
      svg.appendChild(el('polyline', { points: d, fill: 'none', stroke: s.color, 'stroke-width': 2, 'data-series': s.key }));
      points.forEach((p, i) => {
        const c = el('circle', { cx: x(i), cy: y(p[s.key]), r: 2.5, fill: s.color, 'data-series': s.key, 'data-day': p.day, 'data-value': p[s.key] });
        c.appendChild(el('title', {}, `${p.day} ${s.name.toLowerCase()}: ${p[s.key]}`));
        svg.appendChild(c);
      });
    }
    container.appendChild(svg);
    const legend = document.createElement('div');
    legend.className = 'legend';
    const last = points[points.length - 1];
    for (const s of series) {
      const item = document.createElement('span');
      item.dataset.testid = 'legend-' + s.key;
      // The swatch's colour through the CSSOM: the Content-Security-Policy allows no inline style attribute.
      const swatch = document.createElement('i');
      swatch.style.background = s.color;
      item.append(swatch, `${s.name}: `);
      const value = document.createElement('b');
      value.textContent = String(last[s.key]);
      item.appendChild(value);
      legend.appendChild(item);
    }
    container.appendChild(legend);
  }

  // Horizontal bar chart; the numbers are written next to the bars.
  function barChart(container, rows, valueOf, name) {
    container.replaceChildren();
    const top = rows.slice(0, 10);
    const W = 440, row = 24, L = 170, R = 64, H = Math.max(row, top.length * row) + 4;
    const svg = el('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': name });
    if (top.length === 0) {
      svg.appendChild(el('text', { x: 8, y: 16 }, 'No data'));
    }
    const max = Math.max(1, ...top.map(valueOf));
    top.forEach((r, i) => {
      const v = valueOf(r);
      const g = el('g', { 'data-key': r.key, 'data-value': v, 'data-testid': 'bar' });
      const yy = i * row + 2;
      g.appendChild(el('text', { x: L - 6, y: yy + 15, 'text-anchor': 'end', class: 'label' }, r.key || '(none)'));
      g.appendChild(el('rect', { x: L, y: yy + 3, height: row - 8, width: Math.max(1, ((W - L - R) * v) / max), rx: 3, fill: 'var(--c1)' }));
      g.appendChild(el('text', { x: L + ((W - L - R) * v) / max + 6, y: yy + 15, class: 'value' }, fmtInt.format(v)));
      svg.appendChild(g);
    });
    container.appendChild(svg);
  }

  function teamsTable(teams) {
    const body = $('teams-table').tBodies[0];
    body.replaceChildren();
    for (const t of teams) {
      const tr = document.createElement('tr');
      tr.dataset.testid = 'team-row';
      tr.dataset.slug = t.slug;
      const a = t.activity;
      for (const v of [t.slug, t.members, t.activeUsers, a.userInitiatedInteractions, a.codeGenerations, a.codeAcceptances, pct(a.acceptanceRate), a.locAdded]) {
        const td = document.createElement('td');
        td.textContent = typeof v === 'number' ? fmtInt.format(v) : v;
        tr.appendChild(td);
      }
      body.appendChild(tr);
    }
    if (teams.length === 0) {
      const tr = document.createElement('tr');
      tr.innerHTML = '<td colspan="8">No team data in this range</td>';
      body.appendChild(tr);
    }
  }

  const activity = (r) => r.activity.userInitiatedInteractions + r.activity.codeGenerations;

  // Each loader checks, after its requests and before it touches the page, that no newer refresh has started:
  // a slow answer for an older range must never overwrite the newer range's numbers.
  async function loadHistorical(q, stale) {
    const [historical, features, languages, ides, teams] = await Promise.all([
      getJson('/api/metrics/historical?' + q),
      getJson('/api/breakdowns?dimension=feature&' + q),
      getJson('/api/breakdowns?dimension=language&' + q),
      getJson('/api/breakdowns?dimension=ide&' + q),
      getJson('/api/teams?' + q),
    ]);
    if (stale()) return null;
    const s = historical.summary;
    $('card-active-users').textContent = String(s.monthlyActiveUsers);
    $('card-active-users-note').textContent = s.latestDay ? `28-day active users on ${s.latestDay}` : 'no data';
    $('card-daily-active-users').textContent = String(s.dailyActiveUsers);
    $('card-latest-day').textContent = s.latestDay ? `on ${s.latestDay} (average ${s.averageDailyActiveUsers})` : '';
    $('card-acceptance-rate').textContent = pct(s.acceptanceRate);
    $('card-lines-added').textContent = String(s.activity.locAdded);
    lineChart($('chart-active-users'), historical.activeUsers);
    barChart($('chart-features'), features.rows, activity, 'Features');
    barChart($('chart-languages'), languages.rows, activity, 'Languages');
    barChart($('chart-ides'), ides.rows, activity, 'IDEs');
    teamsTable(teams.teams);
    return `${s.daysWithData} day(s) with data`;
  }

  // Direct mode: no store, only the legacy-shaped /api/metrics (fetched from GitHub on request).
  async function loadDirect(q, stale) {
    const days = await getJson('/api/metrics?' + q);
    if (stale()) return null;
    const last = days[days.length - 1];
    let gen = 0, acc = 0, lines = 0;
    const langs = new Map(), editors = new Map();
    for (const d of days) {
      const c = d.copilot_ide_code_completions;
      if (!c) continue;
      for (const l of c.languages) {
        gen += l.total_code_suggestions; acc += l.total_code_acceptances; lines += l.total_code_lines_accepted;
        langs.set(l.name, (langs.get(l.name) || 0) + l.total_code_suggestions);
      }
      for (const e of c.editors) editors.set(e.name, Math.max(editors.get(e.name) || 0, e.total_engaged_users));
    }
    $('card-active-users').textContent = last ? String(last.total_active_users) : '0';
    $('card-active-users-note').textContent = last ? `active users on ${last.date}` : 'no data';
    $('card-daily-active-users').textContent = last ? String(last.total_engaged_users) : '0';
    $('card-latest-day').textContent = last ? `engaged users on ${last.date}` : '';
    $('card-acceptance-rate').textContent = pct(gen ? acc / gen : null);
    $('card-lines-added').textContent = String(lines);
    lineChart($('chart-active-users'), days.map((d) => ({ day: d.date, daily: d.total_active_users, weekly: d.total_engaged_users, monthly: d.total_active_users })));
    const rows = (m) => [...m.entries()].map(([key, v]) => ({ key, v })).sort((a, b) => b.v - a.v);
    barChart($('chart-features'), [], (r) => r.v, 'Features');
    barChart($('chart-languages'), rows(langs), (r) => r.v, 'Languages');
    barChart($('chart-ides'), rows(editors), (r) => r.v, 'IDEs');
    teamsTable([]);
    return `${days.length} day(s) from GitHub (direct mode)`;
  }

  async function refresh() {
    const seq = ++state.seq;
    document.body.dataset.state = 'loading';
    setStatus('Loading…');
    try {
      const q = query();
      const stale = () => seq !== state.seq;
      const text = state.info.store === 'none' ? await loadDirect(q, stale) : await loadHistorical(q, stale);
      if (text === null || stale()) return; // a newer request is on its way
      setStatus(`${$('scope').value}, ${$('since').value} to ${$('until').value}: ${text}`);
      document.body.dataset.state = 'ready';
    } catch (e) {
      if (seq !== state.seq) return;
      setStatus(e.message, true);
      document.body.dataset.state = 'error';
    }
  }

  function defaultRange() {
    const entry = state.info.scopes.find((s) => s.scope === $('scope').value);
    const until = (entry && entry.latestDay) || addDays(state.info.today, -1);
    const days = state.info.store === 'none' ? Math.min(28, state.info.directApiMaxDays) : 28;
    $('until').value = until;
    $('since').value = addDays(until, 1 - days);
  }

  async function start() {
    try {
      state.info = await getJson('/api/info');
    } catch (e) {
      setStatus('Cannot reach the API: ' + e.message, true);
      document.body.dataset.state = 'error';
      return;
    }
    const select = $('scope');
    for (const s of state.info.scopes) {
      const option = document.createElement('option');
      option.value = s.scope;
      option.textContent = s.scope;
      select.appendChild(option);
    }
    $('mode').textContent = `${state.info.mode} mode · store: ${state.info.store}${state.info.demo ? ' · demo data from the GitHub simulator' : ''}`;
    defaultRange();
    select.addEventListener('change', () => { defaultRange(); refresh(); });
    $('since').addEventListener('change', refresh);
    $('until').addEventListener('change', refresh);
    await refresh();
  }

  // No inline onsubmit: the Content-Security-Policy allows no inline script.
  $('filters').addEventListener('submit', (e) => e.preventDefault());
  window.copilotDashboard = { refresh };
  start();
})();
