// The HQ board's panels, shared by the live board and the replay: each panel is drawn from one read model of the
// API, live or as of an instant (asOf), so the replay shows exactly what the board showed then.
import { api, query } from './api.js';
import { el, replace } from './dom.js';
import { dateTime, isoMillis, percent, span, time, yen } from './format.js';
import { eventName, localized, t, term } from './i18n.js';
import { note, summary } from './entries.js';
import { ChartModel, TimelineChart } from './chart.js';
import { describe } from './shell.js';

const MAX_SHOWN = 300;
// a wall screen runs for weeks: the chart folds every entry as it comes, the list keeps only the newest for its filters
const MAX_KEPT = 2000;
const CATEGORIES = ['incident', 'report', 'damage', 'task', 'exchange', 'support'];
const ALERTS = new Set(['TaskOverdue', 'ExchangeMissed', 'SupportRequested']);
/** The read models behind each panel's endpoints (their @ReadsFrom), leaving out the timeline every entry changes. */
const PANEL_READ_MODELS = {
  tasks: ['tasks', 'incidents'],
  exchanges: ['exchanges', 'directory'],
  damage: ['damage', 'directory'],
  support: ['exchanges', 'directory'],
  silent: ['exchanges', 'tasks'],
};
export const PANELS = Object.keys(PANEL_READ_MODELS);

export class Board {
  constructor(root, { incident, names, replay = false }) {
    this.incident = incident;
    this.names = names;
    this.entries = [];
    this.filter = { category: '', organisation: '' };
    this.declared = [];
    const panel = (id, key, ...extra) => el('section', { class: `panel ${id}`, 'aria-labelledby': `${id}-title` },
      el('h2', { id: `${id}-title` }, t(key)), ...extra, el('div', { id, class: 'panel-body' }));
    this.headerEl = el('section', { class: 'panel incident-header', 'aria-label': incident.title });
    this.list = el('ol', { id: 'entries', class: 'entries', 'aria-live': 'polite', 'aria-relevant': 'additions' });
    this.feedState = el('span', { id: 'feed-state', class: 'feed-state', role: 'status' });
    const chartPanel = panel('chart', 'board.chart');
    root.classList.add('board');
    replace(root, this.headerEl,
      el('section', { class: 'panel timeline', 'aria-labelledby': 'timeline-title' },
        el('h2', { id: 'timeline-title' }, t(replay ? 'board.replayTimeline' : 'board.timeline'), ' ', this.feedState), this.filters(), this.list),
      panel('tasks', 'board.tasks'), panel('exchanges', 'board.exchanges'), panel('damage', 'board.damage'),
      panel('support', 'board.support'), panel('silent', 'board.silent'), chartPanel);
    this.chart = new TimelineChart(chartPanel.querySelector('#chart'), names, incident.zeroHour);
    this.model = new ChartModel();
  }

  filters() {
    const category = el('select', { id: 'filter-category', onchange: () => {
      this.filter.category = category.value;
      this.showEntries();
    } }, el('option', { value: '' }, t('filter.all')),
    CATEGORIES.map(c => el('option', { value: c }, t(`category.${c}`))));
    const organisation = el('select', { id: 'filter-organisation', onchange: () => {
      this.filter.organisation = organisation.value;
      this.showEntries();
    } }, el('option', { value: '' }, t('filter.all')),
    this.incident.participants.map(id => el('option', { value: id }, this.names.of(id))));
    return el('div', { class: 'filters' },
      el('label', {}, t('filter.category'), ' ', category), el('label', {}, t('filter.organisation'), ' ', organisation));
  }

  setFeedState(state) {
    this.feedState.dataset.state = state;
    this.feedState.textContent = t(`feed.${state}`);
  }

  /** A new entry from the feed (or the replay): on the list, in the chart. */
  add(entry) {
    this.entries.push(entry);
    if (this.entries.length > MAX_KEPT) this.entries.splice(0, this.entries.length - MAX_KEPT);
    this.model.apply(entry);
    if (this.matches(entry)) {
      this.list.prepend(this.item(entry));
      while (this.list.childElementCount > MAX_SHOWN) this.list.lastElementChild.remove();
    }
  }

  /** Shows these entries instead (the replay, after a seek). */
  reset(entries, until) {
    this.entries = entries.filter(e => Date.parse(e.recordedAt) <= until);
    this.model = ChartModel.of(this.entries);
    this.showEntries();
  }

  drawChart(clock) {
    this.chart.update(this.model, clock);
  }

  matches(entry) {
    const { category, organisation } = this.filter;
    return (!category || entry.category === category)
      && (!organisation || entry.organisationId === organisation || entry.facets?.concerns?.includes(organisation));
  }

  showEntries() {
    const shown = this.entries.filter(e => this.matches(e)).slice(-MAX_SHOWN).reverse();
    this.list.replaceChildren(...shown.map(e => this.item(e)));
  }

  item(entry) {
    const text = summary(entry, this.names,
      (organisation, taskId) => localized(this.model.task(organisation, taskId)?.title) ?? taskId);
    const memo = note(entry);
    return el('li', { class: `entry ${entry.category}${ALERTS.has(entry.type) ? ' alert' : ''}`,
      'data-position': entry.position, 'data-type': entry.type },
    el('time', { datetime: entry.recordedAt }, time(entry.recordedAt)),
    el('span', { class: 'org' }, this.names.of(entry.organisationId)),
    el('strong', { class: 'what' }, eventName(entry.type)),
    text ? el('span', { class: 'summary' }, text) : null,
    memo ? el('span', { class: 'note' }, memo) : null);
  }

  /** The incident header: what, which mode, how long since zero hour, which damage scale is declared. */
  drawHeader(clock) {
    const incident = this.incident;
    const since = clock - Date.parse(incident.zeroHour);
    replace(this.headerEl,
      el('h1', {}, incident.title),
      el('span', { class: `mode ${incident.mode}`, id: 'mode' }, t(`mode.${incident.mode}`)),
      el('span', { class: 'kind' }, term(incident.kind)),
      el('span', { class: 'since', id: 'since' },
        t(since >= 0 ? 'since.after' : 'since.before', { d: span(since) })),
      el('span', { class: 'zero' }, `0h = ${dateTime(incident.zeroHour)} JST`),
      incident.obligations ? el('span', { class: 'obligations', id: 'obligations',
                                          title: incident.obligations.reading },
        t(`obligations.${incident.obligations.rule}`, { at: dateTime(incident.obligations.from) })) : null,
      el('span', { class: 'scale', id: 'declared-scale' }, this.declared.length
        ? this.declared.map(j => t('scale.declared', { district: j.district, scale: term(j.declared) })).join(' / ')
        : t('scale.none')),
      incident.status !== 'OPEN' ? el('span', { class: 'closed' }, incident.status) : null);
  }

  /**
   * Panels from their read models, now or as of an instant; with atLeast, once those read models have handled that
   * position. Resolves with the panels that could not be read for now (they keep what they showed).
   */
  async refresh(asOf = null, panels = PANELS, atLeast = null) {
    if (!navigator.onLine) return []; // the panels keep what they showed until the network returns
    const base = `/api/incidents/${this.incident.incidentId}`;
    const params = (extra = {}) => query({ asOf: asOf ? new Date(asOf).toISOString() : null, atLeast, ...extra });
    const get = path => api(base + path).catch(error => ({ error }));
    const reads = {
      tasks: async () => this.panel('tasks', await get(`/overview${params()}`), data => this.tasks(data)),
      exchanges: async () => this.panel('exchanges', await get(`/exchanges/matrix${params()}`),
        data => this.exchanges(data)),
      damage: async () => this.panel('damage', await get(`/damage${params()}`), data => this.damage(data)),
      support: async () => this.panel('support', await get(`/support-requests${params({ open: true })}`),
        data => this.support(data)),
      silent: async () => {
        const [silent, missing] = await Promise.all([get(`/silent${params()}`), get(`/staff-safety/missing${params()}`)]);
        return this.panel('silent', silent.error ? silent : missing.error ? missing : silent,
          data => this.silent(data, missing));
      },
    };
    const drawn = await Promise.all(panels.map(async id => (await reads[id]()) ? null : id));
    return drawn.filter(id => id !== null);
  }

  /** The panels whose read models an entry's event changes; all of them when the API did not say. */
  static panelsTouchedBy(readModels) {
    if (!readModels) return PANELS;
    return PANELS.filter(id => PANEL_READ_MODELS[id].some(model => readModels.includes(model)));
  }

  /** Draws a panel; false when the read failed for now (busy, or not caught up) and the panel keeps what it showed. */
  panel(id, data, draw) {
    const body = document.getElementById(id);
    if (data.error?.transient && body.childElementCount) return false;
    if (data.error) replace(body, el('p', { class: 'error' }, describe(data.error)));
    else replace(body, draw(data));
    return true;
  }

  tasks(overview) {
    if (!overview.organisations.length) return el('p', {}, t('tasks.none'));
    const tiers = [1, 2, 3];
    return el('table', { class: 'matrix tasks-matrix' },
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, t('tasks.org')),
        tiers.map(n => el('th', { scope: 'col' }, t('tier', { n }))))),
      el('tbody', {}, overview.organisations.map(o => el('tr', { 'data-org': o.organisationId },
        el('th', { scope: 'row' }, this.names.of(o.organisationId),
          o.overdueTasks.length ? el('ul', { class: 'overdue-list', 'aria-label': t('tasks.overdueList') },
            o.overdueTasks.map(task => el('li', {}, localized({ ja: task.titleJa, en: task.titleEn }) ?? task.taskId,
              ` (${span(isoMillis(task.overdueBy))})`)))
            : null),
        tiers.map(n => {
          const c = o.tiers[n] ?? { done: 0, due: 0, overdue: 0, waived: 0, reassigned: 0 };
          const total = c.done + c.due + c.overdue + c.waived;
          return el('td', { class: c.overdue ? 'overdue' : c.due ? 'due' : total ? 'done' : 'empty',
            'data-tier': n },
          total ? t('tasks.cell', { done: c.done + c.waived, total }) : t('none'),
          c.overdue ? el('span', { class: 'badge overdue' }, t('tasks.overdue', { n: c.overdue })) : null);
        })))));
  }

  exchanges(matrix) {
    if (!matrix.cells.length) return el('p', {}, t('ex.none'));
    const senders = [...new Set(matrix.cells.map(c => c.sender))];
    const recipients = [...new Set(matrix.cells.map(c => c.recipient))];
    return el('table', { class: 'matrix exchange-matrix' },
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, t('ex.matrix')),
        recipients.map(r => el('th', { scope: 'col' }, this.names.of(r))))),
      el('tbody', {}, senders.map(s => el('tr', {}, el('th', { scope: 'row' }, this.names.of(s)),
        recipients.map(r => {
          const cells = matrix.cells.filter(c => c.sender === s && c.recipient === r);
          const state = cells.some(c => c.missed) ? 'missed' : cells.some(c => c.late) ? 'late'
            : cells.length ? 'ok' : 'empty';
          return el('td', { class: state, 'data-state': state }, cells.map(c => el('div', { class: 'topic' },
            el('strong', {}, term(c.topic)), ' ',
            [t('ex.shared', { n: c.shared }), c.late ? t('ex.late', { n: c.late }) : null,
              c.missed ? t('ex.missed', { n: c.missed }) : null,
              c.unacknowledged ? t('ex.unack', { n: c.unacknowledged }) : null].filter(Boolean).join(' · '),
            el('small', {}, ' ', c.nextDue ? t('ex.next', { t: dateTime(c.nextDue) }) : '')))) ;
        })))));
  }

  damage(damage) {
    this.declared = damage.districts.filter(d => d.judgement?.declared)
      .map(d => ({ district: d.district, declared: d.judgement.declared }));
    const districts = damage.districts.length ? el('table', { class: 'matrix damage-table' },
      el('thead', {}, el('tr', {}, ['damage.district', 'damage.surveyed', 'damage.power', 'damage.light',
        'damage.severe', 'damage.total'].map(k => el('th', { scope: 'col' }, t(k))))),
      el('tbody', {}, damage.districts.map(d => [
        el('tr', {}, el('th', { scope: 'row' }, d.district), el('td', {}, percent(d.percentages.surveyed)),
          el('td', {}, percent(d.percentages.powerOutage)), el('td', {}, percent(d.percentages.lightDamage)),
          el('td', {}, percent(d.percentages.severeDamage)), el('td', {}, yen(d.totals.total))),
        el('tr', { class: 'judgement' }, el('td', { colspan: 6 }, this.judgement(d)))])))
      : el('p', {}, t('damage.none'));
    const outages = damage.utilities.outages.filter(o => !o.restored);
    return [districts, el('h3', {}, t('damage.outages')), outages.length
      ? el('ul', { class: 'outages' }, outages.map(o => el('li', {}, t('damage.outage', {
        org: this.names.of(o.organisationId), sector: term(o.sector), households: o.households ?? '?',
        eta: o.etas.length ? t('damage.eta', { t: dateTime(o.etas.at(-1).eta) }) : '' }))))
      : el('p', {}, t('damage.noOutages'))];
  }

  judgement(district) {
    const s = district.suggestion;
    const j = district.judgement;
    return [
      j?.declared ? el('strong', { class: `scale-${j.declared}` }, t('damage.declared', { scale: term(j.declared) }), ' ')
        : null,
      j?.proposed ? el('span', {}, t('damage.proposed', { scale: term(j.proposed) }), ' ') : null,
      s ? el('span', { class: `suggestion scale-${s.scale}` }, t('damage.suggested', { scale: term(s.scale) })) : null,
      s?.conditions?.length ? el('ul', { class: 'conditions', 'aria-label': t('damage.because') },
        s.conditions.map(c => el('li', {}, c.ja ?? c.metric, c.value != null ? ` (${Math.round(c.value * 1000) / 10}%)`
          : ''))) : null];
  }

  support(answer) {
    if (!answer.requests.length) return el('p', {}, t('support.none'));
    return el('ol', { class: 'support-list' }, answer.requests.map(({ request: r, age, overdue }) => el('li', {
      class: `priority-${r.priority}${overdue ? ' overdue' : ''}` },
    el('strong', {}, t('support.item', { resource: t(`resource.${r.resource}`), quantity: r.quantity, unit: r.unit ?? '' })),
    ' ', el('span', { class: 'badge' }, t(`priority.${r.priority}`)), ' ',
    this.names.of(r.requester), ' ', t('support.to', { to: Object.keys(r.answers ?? {}).map(id => this.names.of(id))
      .join('、') || '—' }), ' ',
    el('span', { class: 'age' }, t('support.age', { d: span(isoMillis(age)) })),
    r.description ? el('div', { class: 'note' }, r.description) : null)));
  }

  silent(silent, missing) {
    const quiet = silent.organisations?.length
      ? el('ul', { class: 'silent-list' }, silent.organisations.map(o => el('li', { class: 'alert' },
        this.names.of(o.organisationId), ' ', t('silent.for', { d: span(isoMillis(o.silentFor)) }))))
      : el('p', {}, t('silent.none'));
    const safety = missing.error ? el('p', { class: 'error' }, describe(missing.error))
      : missing.organisations.length ? el('ul', { class: 'missing-list' }, missing.organisations.map(o => el('li', {
        class: o.overdue ? 'alert' : '' }, this.names.of(o.organisationId), ' ',
      o.overdue ? t('missing.overdue', { d: span(isoMillis(o.overdueBy)) }) : dateTime(o.dueAt))))
        : el('p', {}, t('missing.none'));
    return [quiet, el('h3', {}, t('board.missingSafety')), safety];
  }
}
