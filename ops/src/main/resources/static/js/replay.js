// 振り返り: an incident played back from the server's replay stream. The board's panels are read as of the replay
// clock and the chart is folded up to it, so the room sees what the HQ saw at that moment. Pausing closes the
// stream; playing again (or after moving the scrubber) opens it from the replay clock.
import { ApiError, authorised, problemOf, query, wholeTimeline } from './api.js';
import { describe, startWithIncident } from './shell.js';
import { Board } from './boardview.js';
import { openStream } from './stream.js';
import { el } from './dom.js';
import { dateTime } from './format.js';
import { t } from './i18n.js';

const SPEEDS = ['1', '10', '60', '360', '3600', 'max'];
const MINUTE = 60_000;

startWithIncident(async ({ names, incident, main }) => {
  new Replay(main, incident, names, await wholeTimeline(incident.incidentId));
});

class Replay {
  constructor(main, incident, names, entries) {
    this.incident = incident;
    this.entries = entries;
    // entries are in timeline order, so their times only grow
    const first = entries.length ? Date.parse(entries[0].recordedAt) : Infinity;
    const last = entries.length ? Date.parse(entries.at(-1).recordedAt) : -Infinity;
    this.begin = Math.min(Date.parse(incident.zeroHour), first);
    this.end = Math.max(last, this.begin + MINUTE);
    this.clock = this.begin;
    this.stream = null;
    this.lastRefresh = 0;

    this.playButton = el('button', { type: 'button', id: 'play', class: 'primary', onclick: () => this.toggle() },
      t('replay.play'));
    this.speed = el('select', { id: 'speed', onchange: () => this.stream && this.play() },
      SPEEDS.map(s => el('option', { value: s, selected: s === '3600' },
        s === 'max' ? t('replay.max') : t('replay.speedValue', { n: s }))));
    this.scrubber = el('input', { id: 'scrubber', type: 'range', min: this.begin, max: this.end, step: MINUTE,
      value: this.clock, 'aria-label': t('replay.seek'),
      oninput: () => this.seek(+this.scrubber.value), onchange: () => this.wasPlaying && this.play() });
    this.clockText = el('output', { id: 'replay-clock', for: 'scrubber' });
    this.state = el('span', { id: 'replay-state', role: 'status' });
    const controls = el('section', { class: 'panel replay-controls', 'aria-label': t('replay.title') },
      el('h1', {}, t('replay.title')), this.playButton,
      el('label', {}, t('replay.speed'), ' ', this.speed),
      el('label', { class: 'scrub' }, t('replay.clock'), ' ', this.scrubber), this.clockText, this.state,
      el('button', { type: 'button', id: 'review', onclick: () => this.review() }, t('replay.review')));
    const boardRoot = el('div', { class: 'board' });
    main.replaceChildren(controls, boardRoot);
    this.board = new Board(boardRoot, { incident, names, replay: true });
    this.seek(this.begin);
  }

  toggle() {
    if (this.stream) this.pause();
    else this.play();
  }

  play() {
    this.stream?.close();
    this.wasPlaying = true;
    this.playButton.textContent = t('replay.pause');
    this.state.textContent = '';
    // entries at the replay clock are already shown; the stream starts just after it
    const url = `/api/incidents/${this.incident.incidentId}/replay${query({ speed: this.speed.value,
      from: new Date(this.clock + 1).toISOString() })}`;
    this.stream = openStream(url, {
      resume: false,
      onEvent: (type, data) => {
        if (type === 'entry') this.board.add(data.entry);
        if (data.replayClock) this.moveTo(Date.parse(data.replayClock));
        if (type === 'end') {
          this.pause();
          this.state.textContent = t('replay.ended');
        }
      },
      onState: (state, error) => {
        if (state === 'denied') this.state.textContent = describe(error);
      },
    });
  }

  pause() {
    this.stream?.close();
    this.stream = null;
    this.wasPlaying = false;
    this.playButton.textContent = t('replay.play');
    this.refresh(true);
  }

  /** The scrubber moved: show the incident as of that instant. */
  seek(at) {
    this.wasPlaying = this.wasPlaying || this.stream !== null;
    this.stream?.close();
    this.stream = null;
    this.clock = at;
    this.board.reset(this.entries, at);
    this.draw();
    this.refresh(true);
  }

  moveTo(at) {
    this.clock = Math.max(this.clock, at);
    this.draw();
    this.refresh(false);
  }

  draw() {
    this.scrubber.value = this.clock;
    this.clockText.value = `${dateTime(this.clock)} JST`;
    this.board.drawHeader(this.clock);
    this.board.drawChart(this.clock);
  }

  /** Panels as of the replay clock; while playing at most once a second, so a fast replay does not flood the API. */
  refresh(now) {
    clearTimeout(this.refreshTimer);
    const wait = now ? 150 : Math.max(0, 1000 - (Date.now() - this.lastRefresh));
    this.refreshTimer = setTimeout(() => {
      this.lastRefresh = Date.now();
      this.board.refresh(this.clock).then(() => this.board.drawHeader(this.clock));
    }, wait);
  }

  /** The review (振り返りレポート) as of the replay clock, in a window of its own to print. */
  async review() {
    const view = window.open('', '_blank');
    try {
      const response = await fetch(`/api/incidents/${this.incident.incidentId}/review.html${query({
        asOf: new Date(this.clock).toISOString() })}`, { headers: authorised({ Accept: 'text/html' }) });
      if (!response.ok) throw new ApiError(response.status, await problemOf(response));
      const page = new Blob([await response.text()], { type: 'text/html;charset=utf-8' });
      view.location = URL.createObjectURL(page);
    } catch (error) {
      view?.close();
      this.state.textContent = describe(error);
    }
  }
}
