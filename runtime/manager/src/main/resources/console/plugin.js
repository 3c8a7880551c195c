// One plugin: manifest, permissions and entitlements, configuration by layer (overrides for
// prsm_admin), hooks, endpoints, last error, its charts and its recent audit entries.
import { api, el, format } from './api.js';
import { TimeChart } from './charts.js';
import { act, cell, LATENCY_NOTE } from './overview.js';
import { auditTable } from './audit.js';

/** The figures of the "Now" panel and their labels; the values are formatted with their units by cell(). */
const LIVE = { state: 'State', submitted: 'Tasks', error_rate: 'Error rate', p50_millis: 'Latency p50',
  p95_millis: 'Latency p95', p99_millis: 'Latency p99', invalid: 'Invalid tasks (callers\' mistakes)',
  cpu_nanos: 'CPU time', allocated_bytes: 'Memory allocated' };

export async function pluginPage(view, session, every, id) {
  const path = `/api/v1/plugins/${encodeURIComponent(id)}`;
  const info = await api('GET', path);
  const entitlements = await api('GET', `/console/entitlements/${encodeURIComponent(id)}`);
  const wanted = [...info.required_permissions, ...info.optional_permissions];
  const granted = new Set(info.granted_permissions);
  const live = el('dl', { id: 'live' });
  const config = el('tbody');
  const charts = el('div', { class: 'charts' });
  const audit = el('div');
  view.append(el('h1', {}, `${info.plugin_id} ${info.version}`),
    el('div', { class: 'columns' },
      panel('Manifest', list([['Name', info.name], ['Description', info.description], ['Vendor', info.vendor],
        ['Type', info.type], ['Security level', info.security_level], ['Bundle', info.bundle_id],
        ['Location', info.location], ['Capabilities', info.capabilities.join(', ')],
        ['Task types', info.task_types.join(', ') || 'not declared'], ['Limits', `memory ${format.bytes(info.memory)}, CPU ${info.cpu}, storage ${format.bytes(info.storage)}`]])),
      panel('Now', live),
      panel('Permissions', wanted.length === 0 ? el('p', { id: 'permissions' }, 'It asks for no permissions.')
        : el('table', { id: 'permissions' }, el('tbody', {}, wanted.map((p) => el('tr', {}, el('td', {}, p),
          el('td', {}, info.required_permissions.includes(p) ? 'required' : 'optional'),
          el('td', { class: granted.has(p) ? 'state-active' : 'denied' }, granted.has(p) ? 'granted' : 'denied')))))),
      panel('Entitlements', el('pre', { id: 'entitlements' }, entitlements.lines.join('\n'))),
      panel('Hooks and endpoints', list([['Hooks', info.hooks.join(', ') || 'none'],
        ['Endpoints', info.endpoints.join(', ') || 'none']])),
      panel('Last error', el('pre', { id: 'last-error' }, info.last_error || 'none'))),
    el('h2', {}, 'Configuration'),
    el('table', { id: 'config' }, el('thead', {}, el('tr', {}, el('th', {}, 'Key'), el('th', {}, 'Value'),
      el('th', {}, 'Layer'), el('th', {}, 'Description'), session.admin ? el('th', {}, 'Override') : null)), config),
    el('h2', {}, 'Last minutes'), charts,
    el('h2', {}, 'Recent audit entries'), audit);

  const rate = new TimeChart(charts, `Task rate of ${id} (tasks/s)`, [id], '/s', { bars: true });
  const latency = new TimeChart(charts, `Latency of ${id} per interval (ms)`, ['p50', 'p95'], 'ms',
    { gaps: true, note: LATENCY_NOTE });
  const cpu = new TimeChart(charts, `CPU of ${id} (cores)`, ['cpu'], '');

  async function showConfig() {
    const values = await api('GET', `${path}/config`);
    if (values.length === 0) {
      config.replaceChildren(el('tr', {}, el('td', { colspan: 5 }, 'It has no configuration.')));
      return;
    }
    config.replaceChildren(...values.map((v) => el('tr', { data: { key: v.key } }, el('td', {}, v.key),
      el('td', {}, v.value ?? ''), el('td', {}, v.layer), el('td', {}, v.description ?? ''),
      session.admin ? el('td', {}, overrideForm(v)) : null)));
  }

  function overrideForm(v) {
    const input = el('input', { value: v.value ?? '', size: 16, 'aria-label': `value of ${v.key}` });
    const key = encodeURIComponent(v.key);
    return el('form', { onsubmit: (event) => {
      event.preventDefault();
      act(`Setting ${v.key}`, async () => { await api('PUT', `${path}/config/${key}`, { value: input.value }); await showConfig(); });
    } }, input, el('button', { type: 'submit' }, 'Set'),
    // only a key that has an override has one to remove
    v.layer === 'override' ? el('button', { type: 'button', onclick: () => act(`Removing the override of ${v.key}`,
      async () => { await api('DELETE', `${path}/config/${key}`); await showConfig(); }) }, 'Remove override') : null);
  }

  await showConfig();
  every(async () => {
    const now = await api('GET', path);
    live.replaceChildren(...Object.entries(LIVE)
      .flatMap(([field, label]) => [el('dt', {}, label), el('dd', { data: { field } }, cell(now, field)[1])]));
    const history = await api('GET', '/api/v1/runtime/metrics/history');
    const points = history.plugins[info.plugin_id] || [];
    const times = points.map((p) => p.time);
    rate.set(times, points.map((p) => p.task_rate));
    latency.set(times, points.map((p) => p.p50_millis), points.map((p) => p.p95_millis));
    cpu.set(times, points.map((p) => p.cpu_cores));
    audit.replaceChildren(auditTable(await api('GET', `/api/v1/runtime/audit?plugin=${encodeURIComponent(id)}&entries=20`)));
  });
}

function panel(title, ...content) {
  return el('section', { class: 'panel' }, el('h2', {}, title), ...content);
}

function list(pairs) {
  return el('dl', {}, pairs.flatMap(([name, value]) => [el('dt', {}, name), el('dd', {}, value ?? '')]));
}
