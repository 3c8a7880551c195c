// Line charts over time with uPlot (bundled from its WebJar). Each chart keeps its element's
// data-points attribute at the number of points drawn, which the browser test reads.
import uPlot from './uplot/uPlot.esm.js';

const COLORS = ['#2a62c9', '#d9822b', '#1e7d3a', '#b3261e', '#7b3fb5'];

/** 1234567 as 1.2M: axis labels stay narrow whatever the magnitude. */
function short(value) {
  const size = Math.abs(value);
  for (const [limit, suffix] of [[1e9, 'G'], [1e6, 'M'], [1e3, 'k']]) {
    if (size >= limit) return `${+(value / limit).toFixed(1)}${suffix}`;
  }
  return `${+Number(value).toFixed(2)}`;
}

export class TimeChart {
  /** A chart titled {@code title} with one line per label, values shown with {@code unit}. */
  constructor(container, title, labels, unit = '', { bars = false } = {}) {
    this.box = document.createElement('div');
    this.box.className = 'chart';
    this.box.dataset.chart = title;
    this.box.dataset.points = '0';
    const heading = document.createElement('h3');
    heading.textContent = title;
    this.box.append(heading);
    container.append(this.box);
    const width = Math.max(320, (this.box.clientWidth || 420) - 12);
    const series = [{}].concat(labels.map((label, i) => ({
      label,
      stroke: COLORS[i % COLORS.length],
      width: 2,
      value: (u, v) => (v == null ? '-' : `${Number(v).toFixed(2)}${unit ? ' ' + unit : ''}`),
      paths: bars ? uPlot.paths.bars({ size: [0.6, 40] }) : undefined,
      fill: bars ? COLORS[i % COLORS.length] + '55' : undefined,
    })));
    this.plot = new uPlot({ width, height: 180, series, scales: { x: { time: true } },
      axes: [{}, { size: 60, values: (u, ticks) => ticks.map(short) }] }, [[]].concat(labels.map(() => [])), this.box);
  }

  /** Draws {@code times} (epoch ms) against one array of values per line. */
  set(times, ...lines) {
    this.plot.setData([times.map((t) => t / 1000), ...lines]);
    this.box.dataset.points = String(times.length);
  }
}
