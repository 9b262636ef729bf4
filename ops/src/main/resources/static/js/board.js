// 本部ボード: the HQ's wall screen. The live feed drives the timeline list and the chart at once; the panels are read
// again shortly after each entry (and every half minute, since due tasks turn overdue with time alone).
import { chooseIncident, incidentPicker, showError, start } from './shell.js';
import { Board } from './boardview.js';
import { openStream } from './stream.js';
import { el, $ } from './dom.js';
import { onLanguageChange, t } from './i18n.js';

const SETTLE = 400;
const PERIOD = 30_000;

start(async ({ me, names }) => {
  const main = $('main');
  try {
    const { incidents, chosen } = await chooseIncident(me);
    if (!chosen) {
      main.replaceChildren(el('p', {}, t('incidents.none')));
      return;
    }
    $('header.bar').append(incidentPicker(incidents, chosen));
    const board = new Board(main, { incident: chosen, names });
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
    openStream(`/api/incidents/${chosen.incidentId}/feed`, {
      onEvent: (type, data) => {
        if (type !== 'message' && type !== 'entry') return;
        board.add(data);
        board.drawChart(Date.now());
        refreshSoon();
      },
      onState: state => board.setFeedState(state),
    });
    await board.refresh();
    draw();
    setInterval(draw, 1000 * 20);
    setInterval(refreshSoon, PERIOD);
    onLanguageChange(() => location.reload());
  } catch (error) {
    showError(main, error);
  }
});
