// Pie and bar charts of one moment's group of values (name -> number), drawn as SVG of our own:
// uPlot draws values over time, these the shares and sizes of a group now. Like a TimeChart, each
// keeps its element's data-points attribute at the number of slices or bars drawn.
import { COLORS } from './charts.js';

const NS = 'http://www.w3.org/2000/svg';
const WIDTH = 400;
const HEIGHT = 180;

function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

function titled(shape, text) {
  shape.append(svg('title', {}, text));
  return shape;
}

/** The numeric entries of {@code value} (an object), the only ones a pie or bars can draw. */
export function numericEntries(value) {
  return Object.entries(value ?? {}).filter(([, v]) => typeof v === 'number' && Number.isFinite(v) && v >= 0);
}

/**
 * A pie of {@code entries} on the left (a slice of the whole is a circle) and its legend on the
 * right: each name with its colour, value and share.
 */
function pie(entries) {
  const r = HEIGHT / 2 - 6;
  const cx = HEIGHT / 2;
  const cy = HEIGHT / 2;
  const total = entries.reduce((sum, [, v]) => sum + v, 0);
  const drawn = [];
  let angle = -Math.PI / 2;
  entries.forEach(([name, v], i) => {
    const color = COLORS[i % COLORS.length];
    const label = `${name} ${v} (${total > 0 ? (v / total * 100).toFixed(1) : '0.0'} %)`;
    drawn.push(svg('rect', { x: HEIGHT + 10, y: 8 + i * 18, width: 10, height: 10, fill: color }),
      svg('text', { x: HEIGHT + 26, y: 17 + i * 18, 'font-size': 12 }, label));
    if (v <= 0) return;
    if (v === total) {
      drawn.push(titled(svg('circle', { cx, cy, r, fill: color, class: 'datum' }), label));
      return;
    }
    const end = angle + (v / total) * 2 * Math.PI;
    const large = end - angle > Math.PI ? 1 : 0;
    const d = `M ${cx} ${cy} L ${cx + r * Math.cos(angle)} ${cy + r * Math.sin(angle)} `
      + `A ${r} ${r} 0 ${large} 1 ${cx + r * Math.cos(end)} ${cy + r * Math.sin(end)} Z`;
    drawn.push(titled(svg('path', { d, fill: color, stroke: '#fff', 'stroke-width': 1, class: 'datum' }), label));
    angle = end;
  });
  return drawn;
}

/** One bar per entry (a shape of class datum), scaled to the largest, with its name below and its value above. */
function bars(entries) {
  const top = Math.max(...entries.map(([, v]) => v), 0) || 1;
  const slot = WIDTH / Math.max(1, entries.length);
  const floor = HEIGHT - 22;
  return entries.flatMap(([name, v], i) => {
    const height = (v / top) * (floor - 18);
    const x = i * slot + slot * 0.15;
    const width = slot * 0.7;
    return [titled(svg('rect', { x, y: floor - height, width, height, fill: COLORS[i % COLORS.length], class: 'datum' }),
      `${name}: ${v}`),
      svg('text', { x: x + width / 2, y: floor - height - 4, 'text-anchor': 'middle', 'font-size': 11 }, String(v)),
      svg('text', { x: x + width / 2, y: HEIGHT - 6, 'text-anchor': 'middle', 'font-size': 11 }, name)];
  });
}

export class ShapeChart {
  /** A {@code kind} ('pie' or 'bars') chart titled {@code title}, added to {@code container}. */
  constructor(container, title, kind) {
    this.kind = kind;
    this.box = document.createElement('div');
    this.box.className = 'chart';
    this.box.dataset.chart = title;
    this.box.dataset.points = '0';
    const heading = document.createElement('h3');
    heading.textContent = title;
    this.figure = svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, width: WIDTH, height: HEIGHT, role: 'img',
      'aria-label': title });
    this.note = document.createElement('p');
    this.note.className = 'hint';
    this.box.append(heading, this.figure, this.note);
    container.append(this.box);
  }

  /** Draws {@code entries} ([name, number] pairs) as they are now. */
  set(entries) {
    this.figure.replaceChildren(...(this.kind === 'pie' ? pie(entries) : bars(entries)));
    this.box.dataset.points = String(this.figure.querySelectorAll('.datum').length);
    const total = entries.reduce((sum, [, v]) => sum + v, 0);
    this.note.textContent = entries.length === 0 ? 'No numbers in this data source to draw.'
      : total === 0 ? 'All are 0 now.' : '';
  }
}
