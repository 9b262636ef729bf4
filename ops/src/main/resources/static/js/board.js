// 本部ボード: the HQ's wall screen. The live feed drives the timeline list and the chart at once. A panel is read
// again only when an entry changed one of its read models (the API says which: /api/read-models), at most once a
// second however busy the incident, and with atLeast set to the entry's position, so the read waits for the panel's
// read model to have handled it rather than guessing with timers; unchanged panels cost a 304. Due tasks and sharing
// slots turn overdue with time alone, so those panels are also read every half minute.
import { api } from './api.js';
import { startWithIncident } from './shell.js';
import { Board, PANELS } from './boardview.js';
import { openStream } from './stream.js';

const AT_MOST_EVERY = 1_000;
const PERIOD = 30_000;
const CHANGED_BY_TIME = ['tasks', 'exchanges', 'silent'];

startWithIncident(async ({ names, incident, main }) => {
  const board = new Board(main, { incident, names });
  const readModels = await api('/api/read-models').then(answer => answer.byEntryType).catch(() => ({}));
  const draw = () => {
    board.drawHeader(Date.now());
    board.drawChart(Date.now());
  };
  const dirty = new Set();
  let atLeast = null;
  let timer = null;
  let lastRead = 0;
  const read = async () => {
    const panels = [...dirty];
    const position = atLeast;
    dirty.clear();
    atLeast = null;
    lastRead = Date.now();
    const unread = await board.refresh(null, panels, position);
    timer = null;
    draw();
    touch(unread, unread.length ? position : null); // and whatever entries arrived during the read
  };
  const touch = (panels, position = null) => {
    panels.forEach(id => dirty.add(id));
    if (position !== null) atLeast = Math.max(atLeast ?? 0, position);
    if (timer === null && dirty.size) timer = setTimeout(read, Math.max(0, lastRead + AT_MOST_EVERY - Date.now()));
  };
  window.addEventListener('online', () => touch(PANELS));
  openStream(`/api/incidents/${incident.incidentId}/feed`, {
    onEvent: (type, data) => {
      if (type !== 'entry') return;
      board.add(data);
      board.drawChart(Date.now());
      touch(Board.panelsTouchedBy(readModels[data.type]), data.position);
    },
    onState: state => board.setFeedState(state),
  });
  await board.refresh();
  draw();
  setInterval(draw, 10_000);
  setInterval(() => touch(CHANGED_BY_TIME), PERIOD);
});
