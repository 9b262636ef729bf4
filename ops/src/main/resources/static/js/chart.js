// タイムラインチャート: each organisation's phase tasks as bars from activation to due (with the moment they were done),
// its exchange slots as ticks (met, late, missed) and its reports as points, on a time axis from zero hour. Drawn in
// plain SVG: a few shapes per task need no charting library, and every mark carries a <title> for screen readers
// and tooltips. The chart is folded from timeline entries, so a replay shows it as of the replay clock.
import { dateTime } from './format.js';
import { localized, t } from './i18n.js';
import { el } from './dom.js';

const HOUR = 3_600_000;
const SPANS = [['chart.h6', 6 * HOUR], ['chart.d1', 24 * HOUR], ['chart.d3', 72 * HOUR], ['chart.w1', 168 * HOUR],
  ['chart.w4', 672 * HOUR]];
const STEPS = [0.25, 0.5, 1, 2, 3, 6, 12, 24, 48, 168].map(h => h * HOUR);
const SVG = 'http://www.w3.org/2000/svg';

/** What the chart shows, folded entry by entry in timeline order. */
export class ChartModel {
  constructor() {
    this.organisations = new Map();
    this.last = null;
  }

  static of(entries, until = null) {
    const model = new ChartModel();
    for (const entry of entries) {
      if (until !== null && Date.parse(entry.recordedAt) > until) break;
      model.apply(entry);
    }
    return model;
  }

  task(organisationId, taskId) {
    return this.organisations.get(organisationId)?.tasks.get(taskId);
  }

  row(id) {
    if (!this.organisations.has(id)) this.organisations.set(id, { tasks: new Map(), ticks: [], reports: [] });
    return this.organisations.get(id);
  }

  apply(entry) {
    const p = entry.payload;
    const at = Date.parse(entry.recordedAt);
    this.last = Math.max(this.last ?? at, at);
    const row = entry.organisationId ? this.row(entry.organisationId) : null;
    const task = row?.tasks.get(p.taskId);
    switch (entry.type) {
      case 'TaskActivated':
        row.tasks.set(p.taskId, { id: p.taskId, tier: p.tier, title: p.title, from: at, due: Date.parse(p.dueAt),
          done: null, state: 'open' });
        break;
      case 'TaskCompleted': if (task) Object.assign(task, { done: at, state: p.late ? 'late' : 'done' }); break;
      case 'TaskWaived': case 'TaskReassigned': if (task) Object.assign(task, { done: at, state: 'waived' }); break;
      case 'InformationShared':
        for (const slot of p.slotsMet ?? []) {
          const late = slot.lateness && slot.lateness !== 'PT0S';
          row.ticks.push({ at, kind: late ? 'late' : 'met', topic: p.topic, to: slot.recipient });
        }
        break;
      case 'ExchangeMissed': row.ticks.push({ at: Date.parse(p.due), kind: 'missed', topic: p.topic, to: p.recipient });
        break;
      default:
        if (entry.category === 'report' && p.content) row.reports.push({ at, type: entry.type });
    }
  }
}

export class TimelineChart {
  constructor(container, names, zeroHour) {
    this.names = names;
    this.zeroHour = Date.parse(zeroHour);
    this.span = null; // null: fit everything
    this.start = null;
    this.model = new ChartModel();
    this.clock = Date.now();
    this.figure = el('div', { class: 'chart-canvas', tabindex: '0', 'aria-describedby': 'chart-legend',
      onkeydown: event => this.key(event) });
    container.append(this.toolbar(), this.figure, legend());
    new ResizeObserver(() => this.draw()).observe(this.figure);
  }

  toolbar() {
    const button = (key, action, extra = {}) => el('button', { type: 'button', class: 'quiet', onclick: action, ...extra },
      t(key));
    return el('div', { class: 'chart-tools', role: 'toolbar', 'aria-label': t('chart.zoom') },
      button('chart.earlier', () => this.pan(-0.5)),
      SPANS.map(([key, span]) => button(key, () => this.zoom(span), { 'data-span': span })),
      button('chart.fit', () => this.zoom(null), { 'data-span': 'fit' }),
      button('chart.later', () => this.pan(0.5)));
  }

  update(model, clock) {
    this.model = model;
    this.clock = clock;
    if (!this.pending) {
      this.pending = requestAnimationFrame(() => {
        this.pending = null;
        this.draw();
      });
    }
  }

  zoom(span) {
    this.span = span;
    this.start = span === null ? null : Math.max(this.origin(), this.clock - span / 2);
    this.draw();
  }

  pan(fraction) {
    const [from, to] = this.window();
    this.start = from + (to - from) * fraction;
    this.span = to - from;
    this.draw();
  }

  key(event) {
    const actions = { ArrowLeft: () => this.pan(-0.25), ArrowRight: () => this.pan(0.25),
      '+': () => this.zoom(Math.max(HOUR, (this.window()[1] - this.window()[0]) / 2)),
      '-': () => this.zoom((this.window()[1] - this.window()[0]) * 2) };
    if (actions[event.key]) {
      event.preventDefault();
      actions[event.key]();
    }
  }

  origin() {
    return this.zeroHour;
  }

  window() {
    if (this.span !== null) return [this.start, this.start + this.span];
    const from = Math.min(this.origin(), this.model.last ?? this.clock);
    const to = Math.max(this.clock, this.model.last ?? 0, from + 6 * HOUR);
    return [from, to + (to - from) * 0.05];
  }

  draw() {
    const width = Math.max(320, this.figure.clientWidth);
    const labelWidth = width < 600 ? 110 : 230;
    const [from, to] = this.window();
    const x = at => labelWidth + ((at - from) / (to - from)) * (width - labelWidth - 8);
    const rows = [...this.model.organisations.entries()]
      .filter(([, row]) => row.tasks.size || row.ticks.length || row.reports.length);
    const lane = 22;
    const bar = 14;
    const height = 34 + rows.reduce((sum, [, row]) => sum + lane + row.tasks.size * bar, 0) + 8;
    const svg = svgEl('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img',
      'aria-label': t('chart.label'), class: 'timeline-chart' });
    svg.append(svgEl('title', {}, t('chart.label')));
    const clip = svgEl('clipPath', { id: 'chart-plot' },
      svgEl('rect', { x: labelWidth, y: 0, width: width - labelWidth, height }));
    svg.append(svgEl('defs', {}, clip));
    this.axis(svg, from, to, x, height);
    const plot = svgEl('g', { 'clip-path': 'url(#chart-plot)' });
    let y = 34;
    for (const [id, row] of rows) {
      svg.append(svgEl('rect', { x: 0, y, width, height: lane, class: 'org-lane' }));
      svg.append(svgEl('text', { x: 4, y: y + 15, class: 'org-label' }, clipText(this.names.of(id), labelWidth)));
      for (const report of row.reports) {
        plot.append(svgEl('circle', { cx: x(report.at), cy: y + lane / 2, r: 4, class: 'report', 'data-org': id },
          svgEl('title', {}, `${this.names.of(id)} ${t('chart.report')} ${dateTime(report.at)}`)));
      }
      for (const tick of row.ticks) {
        plot.append(svgEl('line', { x1: x(tick.at), x2: x(tick.at), y1: y + 2, y2: y + lane - 2,
          class: `tick ${tick.kind}`, 'data-org': id },
        svgEl('title', {}, `${t(tick.kind === 'late' ? 'chart.exlate' : `chart.${tick.kind}`)} → `
          + `${this.names.of(tick.to)} ${dateTime(tick.at)}`)));
      }
      y += lane;
      for (const task of [...row.tasks.values()].sort((a, b) => a.tier - b.tier || a.due - b.due)) {
        this.task(svg, plot, task, x, y, bar, labelWidth);
        y += bar;
      }
    }
    svg.append(plot);
    const clockX = x(this.clock);
    if (clockX >= labelWidth) {
      svg.append(svgEl('line', { x1: clockX, x2: clockX, y1: 20, y2: height, class: 'clock',
        'data-at': new Date(this.clock).toISOString() }));
    }
    this.figure.replaceChildren(svg);
  }

  task(svg, plot, task, x, y, bar, labelWidth) {
    const overdue = task.state === 'open' && this.clock > task.due;
    const state = overdue ? 'overdue' : task.state;
    const title = localized(task.title) ?? task.id;
    svg.append(svgEl('text', { x: 12, y: y + bar - 3, class: 'task-label' },
      clipText(`${task.tier} ${title}`, labelWidth - 12)));
    // the planned window: from activation, or from zero hour for a task that was already due when it opened
    const start = task.from < task.due ? task.from : Math.min(this.zeroHour, task.due);
    const mark = svgEl('rect', { x: x(start), y: y + 2, width: Math.max(2, x(task.due) - x(start)), height: bar - 4,
      class: `task ${state}`, 'data-task': task.id },
    svgEl('title', {}, `${title}: ${t(`chart.${state}`)} (${dateTime(task.due)})`));
    plot.append(mark);
    if (overdue) {
      plot.append(svgEl('rect', { x: x(task.due), y: y + 4, width: Math.max(0, x(this.clock) - x(task.due)),
        height: bar - 8, class: 'task overrun' }));
    }
    if (task.done) {
      const cx = x(task.done);
      const cy = y + bar / 2;
      plot.append(svgEl('path', { d: `M${cx} ${cy - 5}L${cx + 5} ${cy}L${cx} ${cy + 5}L${cx - 5} ${cy}Z`,
        class: `done-mark ${state}` }, svgEl('title', {}, `${title}: ${t(`chart.${state}`)} ${dateTime(task.done)}`)));
    }
  }

  axis(svg, from, to, x, height) {
    const pixelsPerMs = (x(to) - x(from)) / (to - from);
    const step = STEPS.find(s => s * pixelsPerMs >= 70) ?? STEPS.at(-1);
    const zero = this.origin();
    const first = zero + Math.ceil((from - zero) / step) * step;
    for (let at = first; at <= to; at += step) {
      const offset = (at - zero) / HOUR;
      const label = Math.abs(offset) >= 48 && offset % 24 === 0 ? `${offset / 24}d` : `${offset}h`;
      svg.append(svgEl('line', { x1: x(at), x2: x(at), y1: 20, y2: height, class: offset === 0 ? 'zero' : 'grid' }));
      svg.append(svgEl('text', { x: x(at), y: 14, class: 'axis-label' }, offset > 0 ? `+${label}` : label,
        svgEl('title', {}, dateTime(at))));
    }
  }
}

function legend() {
  const item = (cls, key) => el('li', {}, el('span', { class: `swatch ${cls}`, 'aria-hidden': 'true' }), t(key));
  return el('ul', { class: 'legend', id: 'chart-legend', 'aria-label': t('chart.legend') },
    item('task open', 'chart.open'), item('task done', 'chart.done'), item('task late', 'chart.late'),
    item('task overdue', 'chart.overdue'), item('task waived', 'chart.waived'), item('tick met', 'chart.met'),
    item('tick late', 'chart.exlate'), item('tick missed', 'chart.missed'), item('report', 'chart.report'));
}

function clipText(text, width) {
  const max = Math.max(4, Math.floor(width / 12));
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function svgEl(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}
