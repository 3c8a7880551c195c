// The overview: runtime figures, the plugins with their live metrics (and actions for
// prsm_admin), and charts of the last minutes from the runtime's own samples.
import { api, el, format, say } from './api.js';
import { TimeChart } from './charts.js';

const COLUMNS = [
  ['state', 'State'], ['version', 'Version'], ['security_level', 'Level'], ['type', 'Type'],
  ['submitted', 'Tasks', 'number'], ['error_rate', 'Error rate', 'number'], ['p50_millis', 'p50', 'number'],
  ['p95_millis', 'p95', 'number'], ['p99_millis', 'p99', 'number'], ['invalid', 'Invalid', 'number'],
  ['cpu_nanos', 'CPU', 'number'], ['allocated_bytes', 'Memory allocated', 'number'],
];

/** What the latency charts draw, unlike the figures above them and prsm:metrics. */
export const LATENCY_NOTE = 'p50 and p95 of the tasks that finished in each sample interval; a break: none finished. '
  + 'The figures and prsm:metrics give them over the recent tasks (the last 2048 of each plugin).';

/** The value and its text of one column for one plugin (as GET /api/v1/runtime/metrics has it). */
export function cell(plugin, field) {
  const m = plugin.metrics;
  switch (field) {
    case 'submitted': return [m.submitted, String(m.submitted)];
    case 'error_rate': {
      const finished = m.succeeded + m.failed;
      const rate = finished === 0 ? 0 : m.failed / finished;
      return [rate, format.percent(rate)];
    }
    case 'p50_millis': return [m.p50_millis, format.millis(m.p50_millis)];
    case 'p95_millis': return [m.p95_millis, format.millis(m.p95_millis)];
    case 'p99_millis': return [m.p99_millis, format.millis(m.p99_millis)];
    // tasks refused as the caller's mistake: not failures of the plugin, so not in the error rate
    case 'invalid': return [m.invalid, String(m.invalid)];
    case 'cpu_nanos': return [m.cpu_nanos, format.cpu(m.cpu_nanos)];
    case 'allocated_bytes': return [m.allocated_bytes, format.bytes(m.allocated_bytes)];
    default: return [plugin[field], String(plugin[field])];
  }
}

export function overview(view, session, every) {
  const figures = el('div', { class: 'figures' });
  const body = el('tbody');
  const table = el('table', { id: 'plugins' },
    el('thead', {}, el('tr', {}, el('th', {}, 'Plugin'),
      COLUMNS.map(([, title, kind]) => el('th', { class: kind }, title)), session.admin ? el('th', {}, 'Actions') : null)),
    body);
  const charts = el('div', { class: 'charts' });
  view.append(el('h1', {}, 'Plugins'), figures, table, el('h2', {}, 'Last minutes'), charts);
  if (session.admin) view.append(installForm());

  const rows = new Map();
  const overall = {
    rate: new TimeChart(charts, 'Task rate (tasks/s)', ['all plugins'], '/s', { bars: true }),
    latency: new TimeChart(charts, 'Latency per interval (ms)', ['p50', 'p95'], 'ms', { gaps: true, note: LATENCY_NOTE }),
    heap: new TimeChart(charts, 'Heap used (MiB)', ['heap'], 'MiB'),
    cpu: new TimeChart(charts, 'Process CPU load (%)', ['cpu'], '%'),
  };
  let byPlugin = null;

  async function refresh() {
    const snapshot = await api('GET', '/api/v1/runtime/metrics');
    figures.replaceChildren(
      figure('Plugins active', `${snapshot.plugins.filter((p) => p.state === 'active').length} / ${snapshot.plugins.length}`, 'active'),
      figure('Tasks', snapshot.totals.submitted, 'submitted'),
      figure('Latency p50', format.millis(snapshot.totals.p50_millis), 'p50_millis'),
      figure('Latency p95', format.millis(snapshot.totals.p95_millis), 'p95_millis'),
      figure('Heap used', format.bytes(snapshot.jvm.heap_used_bytes), 'heap_used_bytes'),
      figure('CPU load', format.percent(Math.max(0, snapshot.jvm.process_cpu_load)), 'process_cpu_load'));
    const seen = new Set();
    for (const plugin of snapshot.plugins) {
      seen.add(plugin.plugin_id);
      if (!rows.has(plugin.plugin_id)) {
        const row = newRow(plugin, session);
        rows.set(plugin.plugin_id, row);
        body.append(row);
      }
      update(rows.get(plugin.plugin_id), plugin);
    }
    for (const [id, row] of rows) {
      if (!seen.has(id)) { row.remove(); rows.delete(id); }
    }
    const history = await api('GET', '/api/v1/runtime/metrics/history');
    const times = history.overall.map((s) => s.time);
    overall.rate.set(times, history.overall.map((s) => s.task_rate));
    overall.latency.set(times, history.overall.map((s) => s.p50_millis), history.overall.map((s) => s.p95_millis));
    overall.heap.set(times, history.overall.map((s) => s.heap_used_bytes / 1048576));
    overall.cpu.set(times, history.overall.map((s) => s.cpu_load * 100));
    const ids = Object.keys(history.plugins);
    if (!byPlugin || byPlugin.ids.join() !== ids.join()) {
      byPlugin?.chart.box.remove();
      byPlugin = { ids, chart: new TimeChart(charts, 'Task rate by plugin (tasks/s)', ids, '/s') };
    }
    const pluginTimes = ids.length ? history.plugins[ids[0]].map((s) => s.time) : [];
    byPlugin.chart.set(pluginTimes, ...ids.map((id) => history.plugins[id].map((s) => s.task_rate)));
  }
  every(refresh);
}

function figure(title, text, field) {
  return el('div', { class: 'figure', data: { figure: field } }, el('span', {}, title), el('b', {}, text));
}

function newRow(plugin, session) {
  const id = plugin.plugin_id;
  const row = el('tr', { data: { plugin: id } },
    el('td', {}, el('a', { href: `#/plugin/${encodeURIComponent(id)}` }, id)),
    COLUMNS.map(([field, , kind]) => el('td', { class: kind, data: { field } })));
  if (session.admin) {
    const jar = el('input', { type: 'file', accept: '.jar', hidden: true, data: { upload: id } });
    jar.addEventListener('change', () => jar.files[0] && act(`Swapping ${id}`,
      () => api('POST', `/api/v1/plugins/${encodeURIComponent(id)}/swap`, jar.files[0])));
    row.append(el('td', {},
      el('button', { type: 'button', data: { action: 'start' }, onclick: () => act(`Starting ${id}`,
        () => api('POST', `/api/v1/plugins/${encodeURIComponent(id)}/start`)) }, 'Start'),
      el('button', { type: 'button', data: { action: 'stop' }, onclick: () => act(`Stopping ${id}`,
        () => api('POST', `/api/v1/plugins/${encodeURIComponent(id)}/stop`)) }, 'Stop'),
      el('button', { type: 'button', data: { action: 'swap' }, onclick: () => jar.click() }, 'Swap…'),
      el('button', { type: 'button', data: { action: 'uninstall' }, onclick: () => confirm(`Uninstall ${id}? If its jar is in the hot-deploy folder (--plugins), delete it there too, `
        + 'or the plugin is installed again at the next start.')
        && act(`Uninstalling ${id}`, () => api('DELETE', `/api/v1/plugins/${encodeURIComponent(id)}`)) }, 'Uninstall'),
      jar));
  }
  return row;
}

function update(row, plugin) {
  for (const [field] of COLUMNS) {
    const [value, text] = cell(plugin, field);
    const td = row.querySelector(`[data-field="${field}"]`);
    td.textContent = text;
    td.dataset.value = String(value);
    if (field === 'state') td.className = `state-${plugin.state}`;
  }
  const start = row.querySelector('[data-action="start"]');
  if (start) {
    start.hidden = plugin.state === 'active';
    row.querySelector('[data-action="stop"]').hidden = plugin.state !== 'active';
  }
}

/** Runs an action, saying what it does and what came of it. */
export async function act(doing, action) {
  say(`${doing}…`);
  try {
    await action();
    say(`${doing}: done.`);
  } catch (failure) {
    say(`${doing} failed: ${failure.message}`, true);
  }
}

function installForm() {
  const jar = el('input', { type: 'file', accept: '.jar', id: 'install-jar' });
  return el('form', { class: 'filters', id: 'install', onsubmit: (event) => {
    event.preventDefault();
    if (jar.files[0]) act(`Installing ${jar.files[0].name}`, () => api('POST', '/api/v1/plugins', jar.files[0]));
  } }, el('label', {}, 'Install a plugin jar', jar), el('button', { type: 'submit' }, 'Install'));
}
