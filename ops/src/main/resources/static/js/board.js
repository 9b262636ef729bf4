// 本部ボード: the HQ's wall screen. The live feed drives the timeline list and the chart at once; the panels are read
// again after each entry (and every half minute, since due tasks turn overdue with time alone). Each panel's read
// model is kept by its own processor, which may be a moment behind the timeline's, so a quiet board reads again a few
// times after the last entry; unchanged panels cost a 304.
import { startWithIncident } from './shell.js';
import { Board } from './boardview.js';
import { openStream } from './stream.js';

const AFTER_ENTRY = [400, 1500, 4000];
const PERIOD = 30_000;

startWithIncident(async ({ names, incident, main }) => {
  const board = new Board(main, { incident, names });
  const draw = () => {
    board.drawHeader(Date.now());
    board.drawChart(Date.now());
  };
  let timers = [];
  const refreshSoon = () => {
    timers.forEach(clearTimeout);
    timers = AFTER_ENTRY.map(wait => setTimeout(() => board.refresh().then(draw), wait));
  };
  window.addEventListener('online', refreshSoon);
  openStream(`/api/incidents/${incident.incidentId}/feed`, {
    onEvent: (type, data) => {
      if (type !== 'entry') return;
      board.add(data);
      board.drawChart(Date.now());
      refreshSoon();
    },
    onState: state => board.setFeedState(state),
  });
  await board.refresh();
  draw();
  setInterval(draw, 10_000);
  setInterval(refreshSoon, PERIOD);
});
