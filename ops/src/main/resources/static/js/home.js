// ホーム: sign in, then the incidents this organisation takes part in, each with its board, posting page and review.
import { api } from './api.js';
import { showError, start } from './shell.js';
import { el, replace, $ } from './dom.js';
import { dateTime } from './format.js';
import { t, term } from './i18n.js';

start(async ({ names }) => {
  const main = $('main');
  try {
    const incidents = await api('/api/incidents');
    replace(main,
      el('section', { class: 'panel' }, el('h1', {}, t('incidents.title')), el('p', {}, t('home.intro')),
        incidents.length ? el('ul', { class: 'incidents' }, incidents.map(i => el('li', { 'data-incident': i.incidentId },
          el('span', { class: `mode ${i.mode}` }, t(`mode.${i.mode}`)), ' ',
          el('strong', {}, i.title), ' ', term(i.kind), ' · 0h ', dateTime(i.zeroHour), ' · ', names.of(i.coordinatingHq),
          el('div', { class: 'links' },
            el('a', { href: `/board.html?incident=${i.incidentId}` }, t('home.board')),
            el('a', { href: `/post.html?incident=${i.incidentId}` }, t('home.post')),
            el('a', { href: `/replay.html?incident=${i.incidentId}` }, t('home.replay'))))))
          : el('p', {}, t('incidents.none'))));
  } catch (error) {
    showError(main, error);
  }
});
