// The analytics-dashboard sample's dashboards (the seed's Dash dashboard), drawn from their
// widgets: line charts (and bar charts of one number) become time charts of the values the page
// has read since it opened, bar charts of a group bars, pie charts pies (SVG, shapes.js), gauges
// meters, counters numbers and tables tables. The dashboards are read with
// the plugin's own tasks (list_dashboards, get_dashboard), which the admin API runs for prsm_admin.
import { api, el } from './api.js';
import { TimeChart } from './charts.js';
import { numericEntries, ShapeChart } from './shapes.js';

const PLUGIN = '/api/v1/plugins/analytics-dashboard';
const LINES = new Set(['chart', 'line_chart']);
const KEPT = 150;

async function task(type, config = {}) {
  const answer = await api('POST', `${PLUGIN}/tasks`, { type, config });
  if (!answer.success) throw new Error(answer.error);
  return answer.data;
}

export async function dashboardsPage(view, session, every) {
  view.append(el('h1', {}, 'Dashboards of analytics-dashboard'));
  if (!session.admin) {
    view.append(el('p', { id: 'dashboards-read-only' }, 'Drawing the dashboards runs tasks of the analytics-dashboard '
      + 'plugin, which the runtime allows to prsm_admin tokens only.'));
    return;
  }
  view.append(el('p', { class: 'hint', id: 'dashboards-note' }, 'Drawing these dashboards runs tasks of '
    + 'analytics-dashboard (list_dashboards, get_dashboard) every 2 s while this page is open: they count in its '
    + 'task metrics and charts.'));
  const listed = (await task('list_dashboards')).dashboards;
  if (listed.length === 0) {
    view.append(el('p', {}, 'No dashboards yet; create one with the task create_dashboard, for example '
      + 'prsm:exec analytics-dashboard \'{"type":"create_dashboard","config":{"name":"Ops","widgets":'
      + '[{"type":"gauge","data_source":"system.heap_used_ratio"}]}}\'.'));
    return;
  }
  const boards = listed.map((dashboard) => {
    const grid = el('div', { class: 'charts' });
    view.append(el('section', { data: { dashboard: dashboard.dashboard_id } }, el('h2', {}, dashboard.name), grid));
    return { id: dashboard.dashboard_id, grid, widgets: [] };
  });
  every(async () => {
    const now = Date.now();
    for (const board of boards) {
      const shown = await task('get_dashboard', { dashboard_id: board.id });
      shown.widgets.forEach((widget, i) => {
        board.widgets[i] ??= newWidget(board.grid, widget);
        board.widgets[i].show(now, widget.value);
      });
    }
  });
}

/**
 * The drawing of one widget, made at its first value: what can be drawn depends on its type and on
 * what its data source holds (one number, or a group of named values).
 */
function newWidget(grid, widget) {
  const title = `${widget.title || widget.data_source} (${widget.type})`;
  const group = widget.value !== null && typeof widget.value === 'object';
  const ratio = /_ratio$/.test(widget.data_source);
  let drawing = null;
  if (LINES.has(widget.type) || (widget.type === 'bar_chart' && !group)) {
    drawing = overTime(grid, title, widget, group, { bars: widget.type === 'bar_chart', ratio });
  } else if (widget.type === 'bar_chart' || (widget.type === 'pie_chart' && group)) {
    const chart = new ShapeChart(grid, title, widget.type === 'bar_chart' ? 'bars' : 'pie');
    drawing = { box: chart.box, show: (time, value) => chart.set(numericEntries(value)) };
  } else if (widget.type === 'pie_chart' && ratio) {
    // a share of one: the part and the rest
    const chart = new ShapeChart(grid, title, 'pie');
    drawing = { box: chart.box, show: (time, value) => chart.set(typeof value === 'number'
      ? [[widget.data_source.replace(/^.*\./, ''), value], ['rest', Math.max(0, 1 - value)]] : []) };
  }
  if (drawing) {
    drawing.box.dataset.widget = widget.type;
    return drawing;
  }
  const body = el('div', { class: 'value' });
  grid.append(el('div', { class: 'widget', data: { widget: widget.type } }, el('h3', {}, title), body));
  return { show: (time, value) => body.replaceChildren(render(widget.type, value)) };
}

/** A time chart of the values read since the page opened: one line (or bars), or one line per number of a group. */
function overTime(grid, title, widget, group, options) {
  const names = group ? numericEntries(widget.value).map(([name]) => name) : [widget.data_source];
  const chart = new TimeChart(grid, title, names, '', options);
  const times = [];
  const lines = names.map(() => []);
  return { box: chart.box, show: (time, value) => {
    times.push(time);
    names.forEach((name, i) => {
      const v = group ? value?.[name] : value;
      lines[i].push(typeof v === 'number' ? v : null);
    });
    if (times.length > KEPT) { times.shift(); lines.forEach((line) => line.shift()); }
    chart.set(times, ...lines);
  } };
}

function render(type, value) {
  if (value !== null && typeof value === 'object') {
    return el('table', {}, el('tbody', {}, Object.entries(value).map(([key, v]) =>
      el('tr', {}, el('td', {}, key), el('td', { class: 'number' }, typeof v === 'object' ? JSON.stringify(v) : v)))));
  }
  if (type === 'gauge' && typeof value === 'number') {
    const ratio = value <= 1 ? value : null;
    return el('div', {}, ratio === null ? String(value) : `${(ratio * 100).toFixed(1)} %`,
      ratio === null ? null : el('meter', { min: 0, max: 1, low: 0.7, high: 0.9, value: ratio }));
  }
  if (type === 'pie_chart') {
    return el('p', { class: 'hint' }, `${value ?? 'no value'}: a pie needs a group of values (such as `
      + 'plugins.by_type) or a ratio (a data source ending in _ratio).');
  }
  return String(value ?? 'no value');
}
