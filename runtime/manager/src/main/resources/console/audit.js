// The audit log with filters (plugin, decision, layer) and paging, newest page first.
import { api, el } from './api.js';

const PAGE = 50;

export function auditTable(entries) {
  return el('table', { class: 'audit' },
    el('thead', {}, el('tr', {}, ['Time', 'Decision', 'Layer', 'Plugin', 'Request', 'Reason', 'Times']
      .map((title) => el('th', {}, title)))),
    el('tbody', {}, entries.slice().reverse().map((e) => el('tr', { data: { decision: e.decision } },
      el('td', {}, e.time), el('td', { class: e.decision === 'grant' ? 'state-active' : 'denied' }, e.decision),
      el('td', {}, e.layer), el('td', {}, e.plugin), el('td', {}, e.request), el('td', {}, e.reason),
      el('td', { class: 'number' }, e.repeated ?? 1)))));
}

export async function auditPage(view) {
  // the choices come from the log itself: plugins since uninstalled and every layer that wrote to it
  const all = await api('GET', '/api/v1/runtime/audit?entries=10000');
  const distinct = (field) => [...new Set(all.map((e) => e[field]).filter((v) => v && v !== '-'))].sort();
  const select = (id, values) => el('select', { id }, el('option', { value: '' }, 'any'),
    values.map((v) => el('option', { value: v }, v)));
  const plugin = select('audit-plugin', distinct('plugin'));
  const decision = el('select', { id: 'audit-decision' }, ['', 'grant', 'deny']
    .map((d) => el('option', { value: d }, d || 'any')));
  const layer = select('audit-layer', distinct('layer'));
  const page = el('span', { id: 'audit-page' });
  const older = el('button', { type: 'button', id: 'audit-older' }, 'Older');
  const newer = el('button', { type: 'button', id: 'audit-newer' }, 'Newer');
  const entries = el('div', { id: 'audit-entries' });
  let offset = 0;

  async function show() {
    const query = new URLSearchParams({ entries: PAGE, offset });
    if (plugin.value) query.set('plugin', plugin.value);
    if (decision.value) query.set('decision', decision.value);
    if (layer.value) query.set('layer', layer.value);
    const found = await api('GET', `/api/v1/runtime/audit?${query}`);
    entries.replaceChildren(auditTable(found));
    page.textContent = found.length ? `entries ${offset + 1} to ${offset + found.length} from the newest` : 'no entries';
    older.disabled = found.length < PAGE;
    newer.disabled = offset === 0;
  }
  const filter = () => { offset = 0; show(); };
  plugin.addEventListener('change', filter);
  decision.addEventListener('change', filter);
  layer.addEventListener('change', filter);
  older.addEventListener('click', () => { offset += PAGE; show(); });
  newer.addEventListener('click', () => { offset = Math.max(0, offset - PAGE); show(); });
  view.append(el('h1', {}, 'Audit log'),
    el('div', { class: 'filters' }, el('label', {}, 'Plugin', plugin), el('label', {}, 'Decision', decision),
      el('label', {}, 'Layer', layer), newer, older, page), entries);
  await show();
}
