// 本部ボード: the HQ's wall screen. The live feed drives the timeline list and the chart at once; the panels are read
// again shortly after each entry (and every half minute, since due tasks turn overdue with time alone).
import { startWithIncident } from './shell.js';
import { Board } from './boardview.js';
import { openStream } from './stream.js';

const SETTLE = 400;
const PERIOD = 30_000;

startWithIncident(async ({ names, incident, main }) => {
  const board = new Board(main, { incident, names });
  const draw = () => {
    board.drawHeader(Date.now());
    board.drawChart(Date.now());
  };
  let timer = null;
  const refreshSoon = () => {
    clearTimeout(timer);
    timer = setTimeout(() => board.refresh().then(draw), SETTLE);
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
