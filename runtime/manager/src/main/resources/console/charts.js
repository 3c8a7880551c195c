// Line charts over time with uPlot (bundled from its WebJar). Each chart keeps its element's
// data-points attribute at the number of times drawn, data-drawn at the values of its first line
// that are not gaps, and data-last at that line's newest value ('gap' for none); the browser test
// reads them.
import uPlot from './uplot/uPlot.esm.js';

export const COLORS = ['#2a62c9', '#d9822b', '#1e7d3a', '#b3261e', '#7b3fb5'];

/**
 * 1234567 as 1.2M: axis labels stay narrow whatever the magnitude; below 1000 with as many
 * decimals as the step between ticks needs, so close ticks do not all read "0.01".
 */
function short(value, step) {
  const size = Math.abs(value);
  for (const [limit, suffix] of [[1e9, 'G'], [1e6, 'M'], [1e3, 'k']]) {
    if (size >= limit) return `${+(value / limit).toFixed(1)}${suffix}`;
  }
  return Number(value).toFixed(decimals(step));
}

/** The fewest decimals that write {@code step} exactly (2.5 needs 1), at most 6. */
function decimals(step) {
  if (!(step > 0)) return 2;
  let digits = 0;
  while (digits < 6 && Math.abs(step * 10 ** digits - Math.round(step * 10 ** digits)) > 1e-9 * 10 ** digits) digits++;
  return digits;
}

/** A ratio (0.0123) as a percentage with the decimals its tick step needs (1.23 %). */
function percent(value, step) {
  return `${(Number(value) * 100).toFixed(decimals(step * 100))} %`;
}

/** Time ticks as 12:31 (12:31:20 when ticks are closer than a minute), wide apart enough not to overlap. */
const TIME_AXIS = {
  space: 70,
  // whole seconds at least: two ticks within a second would print the same label
  incrs: [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600],
  values: (u, ticks, axis, space, step) => ticks.map((t) => new Date(t * 1000).toLocaleTimeString([], step < 60
    ? { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }
    : { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })),
};

export class TimeChart {
  /**
   * A chart titled {@code title} with one line per label, values shown with {@code unit}; with
   * {@code ratio} the values are fractions of one, shown as percentages. A null value is a break in
   * the line; with {@code gaps} every value is also drawn as a dot, so that one between two breaks
   * shows. {@code note} is a line under the title saying what is drawn.
   */
  constructor(container, title, labels, unit = '', { bars = false, ratio = false, gaps = false, note = '' } = {}) {
    this.box = document.createElement('div');
    this.box.className = 'chart';
    this.box.dataset.chart = title;
    this.box.dataset.points = '0';
    this.box.dataset.drawn = '0';
    this.box.dataset.last = 'gap';
    const heading = document.createElement('h3');
    heading.textContent = title;
    this.box.append(heading);
    if (note) {
      const said = document.createElement('p');
      said.className = 'hint';
      said.textContent = note;
      this.box.append(said);
    }
    container.append(this.box);
    const width = Math.max(320, (this.box.clientWidth || 420) - 12);
    const series = [{}].concat(labels.map((label, i) => ({
      label,
      stroke: COLORS[i % COLORS.length],
      width: 2,
      value: (u, v) => (v == null ? '-' : ratio ? percent(v, 0.0001) : `${Number(v).toFixed(2)}${unit ? ' ' + unit : ''}`),
      paths: bars ? uPlot.paths.bars({ size: [0.6, 40] }) : undefined,
      fill: bars ? COLORS[i % COLORS.length] + '55' : undefined,
      points: gaps ? { show: true, size: 6 } : undefined,
    })));
    this.plot = new uPlot({ width, height: 180, series, scales: { x: { time: true } },
      axes: [TIME_AXIS, { size: 64, values: (u, ticks, axis, space, step) =>
        ticks.map((tick) => (ratio ? percent(tick, step) : short(tick, step))) }] },
    [[]].concat(labels.map(() => [])), this.box);
  }

  /** Draws {@code times} (epoch ms) against one array of values per line. */
  set(times, ...lines) {
    this.plot.setData([times.map((t) => t / 1000), ...lines]);
    this.box.dataset.points = String(times.length);
    const first = lines[0] || [];
    this.box.dataset.drawn = String(first.filter((v) => v != null).length);
    this.box.dataset.last = first.length && first[first.length - 1] != null ? String(first[first.length - 1]) : 'gap';
  }
}
