// Copilot usage dashboard: vanilla JS over the sample's JSON API, time-series charts by uPlot (lib/uplot, a pinned
// copy served by the app). One view = one entry of VIEWS (route id, title, loader, renderer): a view over a new
// endpoint is one more entry. State (view, scope, range, team) lives in the URL query, so it survives a reload.
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const nf = new Intl.NumberFormat('en-US');
  const nf1 = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
  const pf = new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const cf = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
  const fmt = (v) => (v == null || Number.isNaN(v) ? '–' : Number.isInteger(v) ? nf.format(v) : nf1.format(v));
  const pct = (r) => (r == null || Number.isNaN(r) ? '–' : pf.format(r));
  const state = { info: null, seq: 0, cache: new Map(), charts: [], timings: {} };

  // ---------------------------------------------------------------------------------------------------------------
  // Human labels for GitHub's keys: one table; unknown keys are prettified (snake_case → "Snake case").
  const LABELS = {
    code_completion: 'Code completion',
    chat_panel_ask_mode: 'Chat panel: ask mode',
    chat_panel_edit_mode: 'Chat panel: edit mode',
    chat_panel_agent_mode: 'Chat panel: agent mode',
    chat_panel_custom_mode: 'Chat panel: custom mode',
    chat_panel_plan_mode: 'Chat panel: plan mode',
    chat_panel_unknown_mode: 'Chat panel: other mode',
    chat_inline: 'Inline chat',
    agent_edit: 'Agent edits',
    copilot_cli: 'Copilot CLI',
    coding_agent: 'Coding agent',
    code_review: 'Code review',
    vscode: 'VS Code', visualstudio: 'Visual Studio', VisualStudio: 'Visual Studio', intellij: 'JetBrains IntelliJ',
    jetbrains: 'JetBrains', neovim: 'Neovim', vim: 'Vim', eclipse: 'Eclipse', xcode: 'Xcode',
    javascript: 'JavaScript', typescript: 'TypeScript', csharp: 'C#', cpp: 'C++', python: 'Python', java: 'Java',
    go: 'Go', ruby: 'Ruby', rust: 'Rust', php: 'PHP', kotlin: 'Kotlin', swift: 'Swift', html: 'HTML', css: 'CSS',
    json: 'JSON', yaml: 'YAML', markdown: 'Markdown', sql: 'SQL', shell: 'Shell',
    business: 'Business', enterprise: 'Enterprise', unknown: 'Unknown',
  };
  function label(key) {
    if (key == null || key === '') return '(none)';
    if (Object.prototype.hasOwnProperty.call(LABELS, key)) return LABELS[key];
    if (/[-.]\d|\d[-.]/.test(key)) return key; // model names such as gpt-5.4 stay as GitHub writes them
    const words = String(key).replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').trim().toLowerCase();
    return words.charAt(0).toUpperCase() + words.slice(1);
  }

  function addDays(iso, days) {
    const d = new Date(iso + 'T00:00:00Z');
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  }
  const daysBetween = (a, b) => Math.round((Date.parse(b + 'T00:00:00Z') - Date.parse(a + 'T00:00:00Z')) / 86400000) + 1;

  function h(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v == null || v === false) continue;
      if (k === 'class') node.className = v;
      else if (k === 'testid') node.dataset.testid = v;
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat()) if (c != null && c !== false) node.append(c instanceof Node ? c : String(c));
    return node;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Data: every GET is cached per URL for the page's life (the store's days do not change under a range), so
  // switching views re-renders without waiting for the network.
  class HttpError extends Error { constructor(message, status) { super(message); this.status = status; } }
  function getJson(url) {
    if (state.cache.has(url)) return state.cache.get(url);
    const p = (async () => {
      const response = await fetch(url, { headers: { Accept: 'application/json' } });
      const body = await response.json().catch(() => null);
      if (!response.ok) throw new HttpError((body && (body.detail || body.title)) || ('HTTP ' + response.status), response.status);
      return body;
    })();
    state.cache.set(url, p);
    p.catch(() => state.cache.delete(url));
    return p;
  }
  // An endpoint another server version may lack: 404 → null (the view shows its "not available" state).
  async function optionalJson(url) {
    try { return await getJson(url); } catch (e) { if (e.status === 404) return null; throw e; }
  }

  const url = {
    get() {
      const p = new URLSearchParams(location.search);
      return { view: p.get('view') || 'overview', scope: p.get('scope'), since: p.get('since'), until: p.get('until'), preset: p.get('range'), team: p.get('team') || '' };
    },
    write(push) {
      const s = current();
      const p = new URLSearchParams({ view: s.view, scope: s.scope, range: s.preset });
      if (s.preset === 'custom') { p.set('since', s.since); p.set('until', s.until); }
      if (s.team) p.set('team', s.team);
      const next = '?' + p.toString();
      if (next !== location.search) history[push ? 'pushState' : 'replaceState'](null, '', next);
    },
  };
  function current() {
    return { view: state.view, scope: $('scope').value, since: $('since').value, until: $('until').value, preset: $('preset').value, team: $('team').value };
  }
  const q = (s, extra) => new URLSearchParams({ scope: s.scope, since: s.since, until: s.until, ...(extra || {}) }).toString();

  function latestDay() {
    const entry = state.info.scopes.find((s) => s.scope === $('scope').value);
    return (entry && entry.latestDay) || addDays(state.info.today, -1);
  }
  function applyPreset(preset) {
    const until = latestDay();
    let since;
    if (preset === 'month') since = until.slice(0, 8) + '01';
    else if (preset === 'custom') return;
    else since = addDays(until, 1 - Number(preset));
    if (state.info.store === 'none') since = addDays(until, 1 - Math.min(daysBetween(since, until), state.info.directApiMaxDays));
    $('since').value = since;
    $('until').value = until;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Rendering helpers.
  const COLORS = ['#0969da', '#8250df', '#1a7f37', '#bc4c00', '#cf222e', '#6e7781'];

  function card(id, title, value, note, trend) {
    return h('div', { class: 'card', testid: 'card-' + id },
      h('h3', {}, title),
      h('span', { class: 'value', testid: 'card-' + id + '-value' }, value),
      note ? h('small', { testid: 'card-' + id + '-note' }, note) : null,
      trend || null);
  }
  // "▲ 4.2% vs the previous 28 days" (text, not colour alone, carries the direction).
  function trend(now, before, days) {
    if (now == null || before == null || before === 0) return null;
    const change = (now - before) / before;
    const dir = change > 0.0005 ? 'up' : change < -0.0005 ? 'down' : 'flat';
    const arrow = dir === 'up' ? '▲' : dir === 'down' ? '▼' : '■';
    return h('small', { class: 'trend ' + dir, testid: 'trend' }, `${arrow} ${pf.format(Math.abs(change))} vs the previous ${days} days`);
  }
  function empty(text, testid) { return h('p', { class: 'empty', testid: testid || 'empty', role: 'note' }, text); }

  // A table with a caption and a CSV download. columns: [{ key, title, value(row) → raw, text?(raw) → string, bar? }]
  function table(id, caption, columns, rows) {
    if (rows.length === 0) return h('section', { class: 'panel' }, h('h2', {}, caption), empty('No data in this range.'));
    const max = {};
    for (const c of columns) if (c.bar) max[c.key] = Math.max(1e-9, ...rows.map((r) => c.value(r) || 0));
    const body = rows.map((r) => h('tr', { testid: id + '-row', 'data-key': r.key ?? r.slug ?? r.login ?? r.day ?? '' },
      columns.map((c, i) => {
        const raw = c.value(r);
        const text = c.text ? c.text(raw, r) : typeof raw === 'number' ? fmt(raw) : (raw ?? '–');
        const cell = h(i === 0 ? 'th' : 'td', i === 0 ? { scope: 'row' } : { 'data-value': typeof raw === 'number' ? raw : null });
        if (c.bar && typeof raw === 'number') {
          const bar = h('span', { class: 'bar', 'aria-hidden': 'true' });
          bar.style.width = Math.max(1, Math.round((60 * raw) / max[c.key])) + 'px'; // CSSOM: the CSP forbids style attributes
          cell.append(bar);
        }
        if (c.link) cell.append(c.link(r, text)); else cell.append(text);
        return cell;
      })));
    const download = h('button', { type: 'button', testid: 'csv-' + id, onclick: () => downloadCsv(id, columns, rows) }, 'Download CSV');
    return h('section', { class: 'panel', testid: 'panel-' + id },
      h('div', { class: 'tools' }, h('h2', { id: id + '-title' }, caption), download),
      h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-labelledby': id + '-title' },
        h('table', { testid: id }, h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c.title)))), h('tbody', {}, body))));
  }
  function csvOf(columns, rows) {
    const cell = (v) => { const s = v == null ? '' : String(v); return /[",\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s; };
    return [columns.map((c) => cell(c.title)), ...rows.map((r) => columns.map((c) => cell(c.csv ? c.csv(r) : c.value(r))))].map((l) => l.join(',')).join('\r\n') + '\r\n';
  }
  function downloadCsv(id, columns, rows) {
    const s = current();
    const blob = new Blob([csvOf(columns, rows)], { type: 'text/csv' });
    const a = h('a', { href: URL.createObjectURL(blob), download: `${id}_${s.scope.replace(/[^a-z0-9-]+/gi, '-')}_${s.since}_${s.until}.csv` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }

  // A time-series chart (uPlot, UTC days on x) with labelled axes, and its numbers as a table (screen readers, CSV).
  // spec: { id, title, unit, days: [iso], series: [{ label, values }], percent }
  function timeChart(spec) {
    const host = h('div', { class: 'chart', testid: 'chart-' + spec.id, role: 'img', 'aria-label': `${spec.title} (${spec.unit}), by day` });
    const panel = h('section', { class: 'panel', testid: 'panel-chart-' + spec.id }, h('h2', {}, spec.title), host);
    if (spec.days.length === 0) { host.replaceWith(empty('No data in this range.')); return panel; }
    const rows = spec.days.map((day, i) => { const r = { day }; spec.series.forEach((s, j) => { r['s' + j] = s.values[i]; }); return r; });
    const columns = [{ key: 'day', title: 'Day', value: (r) => r.day },
      ...spec.series.map((s, j) => ({ key: 's' + j, title: s.label, value: (r) => r['s' + j], text: spec.percent ? pct : undefined }))];
    const details = h('details', {}, h('summary', {}, 'Data table'), table('data-' + spec.id, spec.title, columns, rows));
    panel.append(details);
    state.pending.push(() => {
      const width = Math.max(260, host.clientWidth || 600);
      const yfmt = spec.percent ? (v) => pf.format(v).replace('.0%', '%') : (v) => (Math.abs(v) >= 10000 ? cf.format(v) : nf.format(v));
      const opts = {
        width, height: 220,
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
        scales: { x: { time: true }, y: { range: (u, min, max) => [0, max > 0 ? (spec.percent ? Math.min(1, max * 1.1) : max * 1.05) : 1] } },
        axes: [
          { label: 'Day (UTC)', labelSize: 20, size: 40 },
          { label: spec.unit, labelSize: 20, size: 56, values: (u, splits) => splits.map(yfmt), incrs: spec.percent ? [0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5] : undefined },
        ],
        legend: { live: true },
        series: [{ label: 'Day', value: (u, v) => (v == null ? '–' : new Date(v * 1000).toISOString().slice(0, 10)) },
          ...spec.series.map((s, j) => ({ label: s.label, stroke: COLORS[j % COLORS.length], width: 2, points: { show: spec.days.length <= 31 }, value: (u, v) => (spec.percent ? pct(v) : fmt(v)) }))],
      };
      const data = [spec.days.map((d) => Date.parse(d + 'T00:00:00Z') / 1000), ...spec.series.map((s) => s.values)];
      const chart = new uPlot(opts, data, host);
      state.charts.push(chart);
    });
    return panel;
  }

  function breakdownTable(id, caption, rows) {
    return table(id, caption, [
      { key: 'key', title: 'Name', value: (r) => label(r.key), csv: (r) => r.key },
      { key: 'users', title: 'Active users', value: (r) => r.activeUsers },
      { key: 'gen', title: 'Suggestions', value: (r) => r.activity.codeGenerations, bar: true },
      { key: 'acc', title: 'Acceptances', value: (r) => r.activity.codeAcceptances },
      { key: 'rate', title: 'Acceptance rate', value: (r) => r.activity.acceptanceRate, text: pct },
      { key: 'sug', title: 'Lines suggested', value: (r) => r.activity.locSuggestedToAdd },
      { key: 'loc', title: 'Lines accepted', value: (r) => r.activity.locAdded },
      { key: 'int', title: 'Chat interactions', value: (r) => r.activity.userInitiatedInteractions },
    ], rows);
  }

  const activityColumns = [
    { key: 'int', title: 'Interactions', value: (r) => r.activity.userInitiatedInteractions },
    { key: 'gen', title: 'Suggestions', value: (r) => r.activity.codeGenerations },
    { key: 'acc', title: 'Acceptances', value: (r) => r.activity.codeAcceptances },
    { key: 'rate', title: 'Acceptance rate', value: (r) => r.activity.acceptanceRate, text: pct },
    { key: 'loc', title: 'Lines accepted', value: (r) => r.activity.locAdded },
  ];

  // A registered view whose endpoint this server lacks.
  const unavailable = (what) => empty(`${what} are not available on this server (the endpoint answered 404). They appear once the server provides them.`, 'not-available');

  // A view over an endpoint whose shape this page does not know in detail: each array of flat objects as a table.
  function genericTables(id, body) {
    const out = [];
    const walk = (value, name) => {
      if (Array.isArray(value) && value.length && typeof value[0] === 'object' && value[0] !== null) {
        const keys = Object.keys(value[0]).filter((k) => typeof value[0][k] !== 'object' || value[0][k] === null);
        out.push(table(`${id}-${name}`, label(name), keys.map((k) => ({ key: k, title: label(k), value: (r) => r[k] })), value));
      } else if (value && typeof value === 'object' && !Array.isArray(value)) {
        for (const [k, v] of Object.entries(value)) walk(v, k);
      }
    };
    walk(body, id);
    return out.length ? out : [empty('No data in this range.')];
  }
  function endpointView(id, title, path, what) {
    return {
      id, title, needsStore: true,
      load: (s) => optionalJson(`${path}?${q(s)}`),
      render: (body) => (body == null ? [unavailable(what)] : genericTables(id, body)),
    };
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The views. load(state) → data (may fetch in parallel); render(data, state) → nodes.
  const historical = (s) => getJson('/api/metrics/historical?' + q(s));
  const previous = (s) => { const n = daysBetween(s.since, s.until); return { ...s, since: addDays(s.since, -n), until: addDays(s.since, -1) }; };
  const breakdown = (s, dimension) => getJson(`/api/breakdowns?${q(s, { dimension })}`);
  const seats = (s) => optionalJson('/api/seats?' + new URLSearchParams({ scope: s.scope }));
  const teamOf = (teams, slug) => teams.teams.find((t) => t.slug === slug) || null;

  const VIEWS = [
    {
      id: 'overview', title: 'Overview',
      async load(s) {
        if (state.info.store === 'none') return { direct: await getJson('/api/metrics?' + q(s)) };
        const [now, before, seat, teams] = await Promise.all([historical(s), historical(previous(s)).catch(() => null), seats(s), s.team ? getJson('/api/teams?' + q(s)) : null]);
        return { now, before, seat, team: teams && teamOf(teams, s.team) };
      },
      render(d, s) {
        if (d.direct) return renderDirect(d.direct);
        const x = d.now.summary, b = d.before && d.before.summary.daysWithData ? d.before.summary : null;
        const n = daysBetween(s.since, s.until);
        if (x.daysWithData === 0) return [empty('No data in this range: pick another range, or wait for the sync.')];
        const assigned = d.seat && d.seat.latest ? d.seat.latest.assigned : null;
        const out = [h('section', { class: 'cards', 'aria-label': 'Summary' },
          card('active-users', 'Active users (28 days)', fmt(x.monthlyActiveUsers), assigned ? `of ${fmt(assigned)} seats (${pct(x.monthlyActiveUsers / assigned)}) on ${x.latestDay}` : `on ${x.latestDay}`, trend(x.monthlyActiveUsers, b && b.monthlyActiveUsers, n)),
          card('daily-active-users', 'Daily active users', fmt(x.dailyActiveUsers), `on ${x.latestDay}, average ${fmt(x.averageDailyActiveUsers)} a day`, trend(x.averageDailyActiveUsers, b && b.averageDailyActiveUsers, n)),
          card('acceptance-rate', 'Acceptance rate', pct(x.acceptanceRate), 'code acceptances / suggestions', trend(x.acceptanceRate, b && b.acceptanceRate, n)),
          card('lines-added', 'Lines accepted', fmt(x.activity.locAdded), `of ${fmt(x.activity.locSuggestedToAdd)} lines suggested`, trend(x.activity.locAdded, b && b.activity.locAdded, n)),
          card('interactions', 'Chat interactions', fmt(x.activity.userInitiatedInteractions), 'prompts sent by users', trend(x.activity.userInitiatedInteractions, b && b.activity.userInitiatedInteractions, n)))];
        if (d.team) out.push(teamCards(d.team, s));
        const days = d.now.days;
        out.push(h('div', { class: 'grid2' },
          timeChart({ id: 'active-users', title: 'Active users', unit: 'users', days: d.now.activeUsers.map((p) => p.day),
            series: [{ label: 'Daily', values: d.now.activeUsers.map((p) => p.daily) }, { label: 'Weekly', values: d.now.activeUsers.map((p) => p.weekly) }, { label: '28-day', values: d.now.activeUsers.map((p) => p.monthly) }] }),
          timeChart({ id: 'acceptance-rate', title: 'Acceptance rate', unit: 'acceptances / suggestions', percent: true, days: days.map((p) => p.day), series: [{ label: 'Acceptance rate', values: days.map((p) => p.activity.acceptanceRate) }] })));
        return out;
      },
    },
    {
      id: 'adoption', title: 'Adoption', needsStore: true,
      load: (s) => historical(s),
      render(d) {
        const days = d.days;
        return [
          timeChart({ id: 'adoption-actives', title: 'Daily, weekly and 28-day active users', unit: 'users', days: d.activeUsers.map((p) => p.day),
            series: [{ label: 'Daily', values: d.activeUsers.map((p) => p.daily) }, { label: 'Weekly', values: d.activeUsers.map((p) => p.weekly) }, { label: '28-day', values: d.activeUsers.map((p) => p.monthly) }] }),
          timeChart({ id: 'adoption-surfaces', title: '28-day active users by surface', unit: 'users', days: days.map((p) => p.day),
            series: [{ label: 'Any', values: days.map((p) => p.monthlyActiveUsers) }, { label: 'Chat', values: days.map((p) => p.monthlyActiveChatUsers ?? null) }, { label: 'Agent', values: days.map((p) => p.monthlyActiveAgentUsers ?? null) }] }),
        ];
      },
    },
    {
      id: 'completions', title: 'Code completions', needsStore: true,
      load: async (s) => { const [hist, language, ide, model] = await Promise.all([historical(s), breakdown(s, 'language'), breakdown(s, 'ide'), breakdown(s, 'model')]); return { hist, language, ide, model }; },
      render(d) {
        const days = d.hist.days, iso = days.map((p) => p.day);
        const bySug = (rows) => [...rows].sort((a, b) => b.activity.codeGenerations - a.activity.codeGenerations || (a.key < b.key ? -1 : 1));
        return [
          h('div', { class: 'grid2' },
            timeChart({ id: 'suggestions', title: 'Suggestions and acceptances', unit: 'suggestions', days: iso, series: [{ label: 'Suggested', values: days.map((p) => p.activity.codeGenerations) }, { label: 'Accepted', values: days.map((p) => p.activity.codeAcceptances) }] }),
            timeChart({ id: 'lines', title: 'Lines suggested and accepted', unit: 'lines of code', days: iso, series: [{ label: 'Suggested', values: days.map((p) => p.activity.locSuggestedToAdd) }, { label: 'Accepted', values: days.map((p) => p.activity.locAdded) }] })),
          timeChart({ id: 'completions-rate', title: 'Acceptance rate', unit: 'acceptances / suggestions', percent: true, days: iso, series: [{ label: 'Acceptance rate', values: days.map((p) => p.activity.acceptanceRate) }] }),
          breakdownTable('by-language', 'By language', bySug(d.language.rows)),
          breakdownTable('by-ide', 'By IDE', bySug(d.ide.rows)),
          breakdownTable('by-model', 'By model', bySug(d.model.rows)),
        ];
      },
    },
    {
      id: 'chat', title: 'Chat', needsStore: true,
      load: async (s) => { const [hist, feature, model] = await Promise.all([historical(s), breakdown(s, 'feature'), breakdown(s, 'model')]); return { hist, feature, model }; },
      render(d) {
        const days = d.hist.days;
        const byInt = (rows) => [...rows].sort((a, b) => b.activity.userInitiatedInteractions - a.activity.userInitiatedInteractions || (a.key < b.key ? -1 : 1));
        const modes = d.feature.rows.filter((r) => r.key !== 'code_completion');
        const col = [{ key: 'key', title: 'Name', value: (r) => label(r.key), csv: (r) => r.key }, { key: 'users', title: 'Active users', value: (r) => r.activeUsers }, { key: 'int', title: 'Interactions', value: (r) => r.activity.userInitiatedInteractions, bar: true }, ...activityColumns.slice(1)];
        return [
          timeChart({ id: 'chat-interactions', title: 'Chat interactions', unit: 'prompts', days: days.map((p) => p.day), series: [{ label: 'Interactions', values: days.map((p) => p.activity.userInitiatedInteractions) }] }),
          table('chat-modes', 'Chat modes and features', col, byInt(modes)),
          table('chat-models', 'Models', col, byInt(d.model.rows)),
        ];
      },
    },
    endpointView('agents', 'Agents', '/api/surfaces', 'Agent and surface metrics'),
    endpointView('cli', 'CLI', '/api/cli', 'Copilot CLI metrics'),
    endpointView('pull-requests', 'Pull requests', '/api/pull-requests', 'Pull-request metrics'),
    endpointView('ai-credits', 'AI credits', '/api/ai-credits', 'AI credit metrics'),
    {
      id: 'seats', title: 'Seats', needsStore: true,
      load: (s) => seats(s),
      render(d) {
        if (d == null) return [unavailable('Seat metrics')];
        if (!d.latest) return [empty('No seat snapshot has been synced for this scope yet.')];
        const l = d.latest;
        const obj = (o) => Object.entries(o || {}).map(([key, n]) => ({ key, n }));
        const col = [{ key: 'key', title: 'Name', value: (r) => label(r.key), csv: (r) => r.key }, { key: 'n', title: 'Seats', value: (r) => r.n, bar: true }, { key: 'share', title: 'Share', value: (r) => r.n / l.assigned, text: pct }];
        return [
          h('section', { class: 'cards', 'aria-label': 'Seats' },
            card('seats-assigned', 'Assigned seats', fmt(l.assigned), `on ${l.day}`),
            card('seats-active', 'Active seats', fmt(l.active), `used within ${d.activeWithinDays} days (${pct(l.active / l.assigned)})`),
            card('seats-inactive', 'Inactive seats', fmt(l.inactive), `no use for ${d.activeWithinDays}+ days`),
            card('seats-never', 'Never used', fmt(l.neverUsed), 'no activity recorded'),
            card('seats-pending', 'Pending cancellation', fmt(l.pendingCancellation), 'seats that end this cycle')),
          timeChart({ id: 'seat-history', title: 'Seats over time', unit: 'seats', days: d.history.map((p) => p.day), series: [{ label: 'Assigned', values: d.history.map((p) => p.assigned) }, { label: 'Active', values: d.history.map((p) => p.active) }] }),
          h('div', { class: 'grid2' }, table('seats-by-plan', 'By plan', col, obj(l.byPlan)), table('seats-by-editor', 'By last editor', col, obj(l.byEditor))),
        ];
      },
    },
    {
      id: 'teams', title: 'Teams', needsStore: true,
      async load(s) {
        const teams = await getJson('/api/teams?' + q(s));
        if (!s.team) return { teams };
        // A team's own series: the team endpoint over each week of the range (the API has no per-team day series yet).
        const weeks = [];
        for (let start = s.since; start <= s.until; start = addDays(start, 7)) { const end = addDays(start, 6); weeks.push({ since: start, until: end < s.until ? end : s.until }); }
        const series = await Promise.all(weeks.map((w) => getJson('/api/teams?' + q({ ...s, ...w })).then((t) => ({ day: w.since, team: teamOf(t, s.team) }))));
        return { teams, series };
      },
      render(d, s) {
        const list = d.teams.teams;
        if (list.length === 0) return [empty('No team data in this range (teams need five or more members with activity).')];
        const out = [];
        const team = s.team && teamOf(d.teams, s.team);
        if (s.team && !team) out.push(empty(`Team ${s.team} has no data in this range.`));
        if (team) {
          out.push(teamCards(team, s));
          const w = d.series.filter((p) => p.team);
          out.push(h('div', { class: 'grid2' },
            timeChart({ id: 'team-weekly-users', title: `${team.slug}: active users by week`, unit: 'users', days: w.map((p) => p.day), series: [{ label: 'Active users', values: w.map((p) => p.team.activeUsers) }] }),
            timeChart({ id: 'team-weekly-rate', title: `${team.slug}: acceptance rate by week`, unit: 'acceptances / suggestions', percent: true, days: w.map((p) => p.day), series: [{ label: 'Acceptance rate', values: w.map((p) => p.team.activity.acceptanceRate) }] })));
        }
        const link = (r, text) => h('a', { href: hrefFor({ view: 'teams', team: r.slug }), 'data-team': r.slug, onclick: (e) => { e.preventDefault(); $('team').value = r.slug; navigate('teams', true); } }, text);
        out.push(table('teams', 'Teams side by side', [
          { key: 'slug', title: 'Team', value: (r) => r.slug, link },
          { key: 'members', title: 'Members', value: (r) => r.members },
          { key: 'users', title: 'Active users', value: (r) => r.activeUsers },
          { key: 'share', title: 'Active share', value: (r) => (r.members ? r.activeUsers / r.members : null), text: pct, bar: true },
          ...activityColumns.slice(0, 3),
          { key: 'rate', title: 'Acceptance rate', value: (r) => r.activity.acceptanceRate, text: pct, bar: true },
          activityColumns[4],
        ], list));
        return out;
      },
    },
    {
      id: 'users', title: 'Users', needsStore: true, perUser: true,
      // PER_USER_ACCESS=admin: the listing needs the admin secret, which this page never holds (401/404 → a note).
      load: (s) => getJson('/api/users?' + q(s, { limit: '100' })).catch((e) => { if (e.status === 401 || e.status === 404) return { denied: e.message }; throw e; }),
      render(d) {
        if (d.denied) return [empty(`Per-user data is not public on this server: ${d.denied}`, 'not-available')];
        return [h('p', { class: 'muted', testid: 'users-total' }, `${fmt(d.totalUsers)} users with activity; the top ${fmt(d.items.length)} by interactions.`),
          table('users', 'Users by interactions', [
            { key: 'login', title: 'User', value: (r) => r.login },
            { key: 'days', title: 'Active days', value: (r) => r.activeDays },
            { key: 'last', title: 'Last active', value: (r) => r.lastActiveDay },
            ...activityColumns,
            { key: 'credits', title: 'AI credits', value: (r) => r.aiCreditsUsed ?? null },
          ], d.items)];
      },
    },
  ];

  function teamCards(t, s) {
    return h('section', { class: 'cards', 'aria-label': `Team ${t.slug}`, testid: 'team-cards' },
      card('team-active', `${t.slug}: active users`, fmt(t.activeUsers), `of ${fmt(t.members)} members, ${s.since} to ${s.until}`),
      card('team-rate', `${t.slug}: acceptance rate`, pct(t.activity.acceptanceRate), `${fmt(t.activity.codeAcceptances)} of ${fmt(t.activity.codeGenerations)} suggestions`),
      card('team-lines', `${t.slug}: lines accepted`, fmt(t.activity.locAdded), `${fmt(t.activity.userInitiatedInteractions)} chat interactions`));
  }

  // Direct mode: no store, only the legacy-shaped /api/metrics (fetched from GitHub on request).
  function renderDirect(days) {
    if (days.length === 0) return [empty('GitHub returned no days for this range.')];
    const last = days[days.length - 1];
    let gen = 0, acc = 0, lines = 0;
    for (const d of days) for (const l of (d.copilot_ide_code_completions || { languages: [] }).languages) { gen += l.total_code_suggestions; acc += l.total_code_acceptances; lines += l.total_code_lines_accepted; }
    return [h('section', { class: 'cards' },
      card('active-users', 'Active users', fmt(last.total_active_users), `on ${last.date}`),
      card('daily-active-users', 'Engaged users', fmt(last.total_engaged_users), `on ${last.date}`),
      card('acceptance-rate', 'Acceptance rate', pct(gen ? acc / gen : null), 'code acceptances / suggestions'),
      card('lines-added', 'Lines accepted', fmt(lines), 'lines of code accepted')),
    timeChart({ id: 'active-users', title: 'Active and engaged users', unit: 'users', days: days.map((d) => d.date), series: [{ label: 'Active', values: days.map((d) => d.total_active_users) }, { label: 'Engaged', values: days.map((d) => d.total_engaged_users) }] })];
  }

  // ---------------------------------------------------------------------------------------------------------------
  function available(v) {
    if (v.needsStore && state.info.store === 'none') return false;
    if (v.perUser && state.info.perUserAccess === 'off') return false;
    return true;
  }
  function hrefFor(over) {
    const s = { ...current(), ...over };
    const p = new URLSearchParams({ view: s.view, scope: s.scope, range: s.preset });
    if (s.preset === 'custom') { p.set('since', s.since); p.set('until', s.until); }
    if (s.team) p.set('team', s.team);
    return '?' + p.toString();
  }
  function renderTabs() {
    const nav = $('tabs');
    nav.replaceChildren(...VIEWS.filter(available).map((v) => h('a', {
      href: hrefFor({ view: v.id }), testid: 'tab-' + v.id, 'data-view': v.id, 'aria-current': v.id === state.view ? 'page' : null,
      onclick: (e) => { e.preventDefault(); navigate(v.id, true); },
    }, v.title)));
  }
  function setStatus(text, isError) {
    const s = $('status');
    s.textContent = text;
    s.classList.toggle('error', !!isError);
  }
  function clearCharts() { for (const c of state.charts) c.destroy(); state.charts = []; }

  async function navigate(viewId, push) {
    const view = VIEWS.find((v) => v.id === viewId && available(v)) || VIEWS[0];
    state.view = view.id;
    url.write(push);
    renderTabs();
    const seq = ++state.seq;
    const t0 = performance.now();
    const s = current();
    document.body.dataset.state = 'loading';
    document.body.dataset.view = view.id;
    setStatus('Loading…');
    try {
      const data = await view.load(s);
      if (seq !== state.seq) return; // a newer navigation is on its way: a slow answer never overwrites it
      clearCharts();
      state.pending = [];
      const nodes = view.render(data, s);
      const root = $('view');
      root.replaceChildren(h('h2', { class: 'view-title', testid: 'view-title' }, view.title + (s.team && (view.id === 'teams' || view.id === 'overview') ? ` · team ${s.team}` : '')), ...nodes);
      for (const draw of state.pending) draw(); // charts after the layout exists (they read their width)
      state.pending = [];
      document.body.dataset.state = 'ready';
      const ms = performance.now() - t0;
      state.timings[view.id] = ms;
      if (!state.timings.firstDrawn) state.timings.firstDrawn = performance.now();
      setStatus(`${view.title} · ${s.scope}, ${s.since} to ${s.until}${s.team ? ` · team ${s.team}` : ''}`);
    } catch (e) {
      if (seq !== state.seq) return;
      clearCharts();
      $('view').replaceChildren(h('div', { class: 'error-box', role: 'alert', testid: 'error' }, `Could not load ${view.title}: ${e.message}`));
      setStatus(e.message, true);
      document.body.dataset.state = 'error';
    }
  }

  async function loadTeams() {
    const select = $('team');
    if (state.info.store === 'none') { select.disabled = true; return; }
    let slugs = [];
    try {
      slugs = (await getJson('/api/teams?' + q(current()))).teams.map((t) => t.slug);
    } catch { /* the view shows the error */ }
    const keep = select.value; // read after the request: the user may have picked a team meanwhile
    select.replaceChildren(h('option', { value: '' }, 'All teams'), ...slugs.map((slug) => h('option', { value: slug }, slug)));
    if (keep && ![...select.options].some((o) => o.value === keep)) select.append(h('option', { value: keep }, keep));
    select.value = keep;
  }

  async function start() {
    try {
      state.info = await getJson('/api/info');
    } catch (e) {
      setStatus('Cannot reach the API: ' + e.message, true);
      document.body.dataset.state = 'error';
      return;
    }
    const initial = url.get();
    const select = $('scope');
    for (const s of state.info.scopes) select.append(h('option', { value: s.scope }, s.scope));
    if (initial.scope && state.info.scopes.some((s) => s.scope === initial.scope)) select.value = initial.scope;
    $('mode').textContent = `${state.info.mode} mode · store: ${state.info.store}${state.info.demo ? ' · demo data from the GitHub simulator' : ''}`;
    const preset = initial.since && initial.until ? 'custom' : ['7', '28', '90', 'month', 'custom'].includes(initial.preset) ? initial.preset : '28';
    $('preset').value = preset;
    if (preset === 'custom' && initial.since && initial.until) { $('since').value = initial.since; $('until').value = initial.until; } else applyPreset(preset === 'custom' ? '28' : preset);
    $('team').value = initial.team;
    if (initial.team) $('team').append(h('option', { value: initial.team }, initial.team));
    $('team').value = initial.team;
    state.view = initial.view;
    const refresh = () => navigate(state.view, true);
    select.addEventListener('change', () => { applyPreset($('preset').value === 'custom' ? '28' : $('preset').value); loadTeams(); refresh(); });
    $('preset').addEventListener('change', () => { applyPreset($('preset').value); refresh(); });
    const custom = () => { $('preset').value = 'custom'; loadTeams(); refresh(); };
    $('since').addEventListener('change', custom);
    $('until').addEventListener('change', custom);
    $('team').addEventListener('change', () => navigate(state.view === 'overview' || state.view === 'teams' ? state.view : 'teams', true));
    window.addEventListener('popstate', () => {
      const s = url.get();
      if (s.scope) select.value = s.scope;
      if (s.since && s.until) { $('preset').value = 'custom'; $('since').value = s.since; $('until').value = s.until; } else if (s.preset) { $('preset').value = s.preset; applyPreset(s.preset); }
      $('team').value = s.team;
      navigate(s.view, false);
    });
    loadTeams();
    await navigate(state.view, false);
  }

  // No inline onsubmit: the Content-Security-Policy allows no inline script.
  $('filters').addEventListener('submit', (e) => e.preventDefault());
  window.copilotDashboard = { navigate, state, label, views: VIEWS.map((v) => v.id) };
  start();
})();
