// What every page shares: the header (navigation, language, who is signed in), sign-in with the organisation's
// token, the directory's names and the choice of incident.
import { api, ApiError, session } from './api.js';
import { el, replace, $ } from './dom.js';
import { language, localized, onLanguageChange, t, term, toggleLanguage, translate } from './i18n.js';
import { useReportKinds } from './kinds.js';

const PAGES = [['/', 'nav.home'], ['/board.html', 'nav.board'], ['/post.html', 'nav.post'], ['/replay.html', 'nav.replay'],
  ['/notifications.html', 'nav.notifications']];

export class Names {
  constructor(organisations) {
    this.byId = new Map(organisations.map(o => [o.organisationId, o]));
  }

  of(id) {
    const organisation = this.byId.get(id);
    return organisation ? localized({ ja: organisation.name, en: organisation.nameEn }) : id;
  }
}

/**
 * Loads through the API and keeps the answer on the device; with no network, the last answer kept. The posting page
 * must open in a dead zone so its outbox can wait there; everything it shows from here is who the user is and which
 * incidents there are, which rarely changes.
 */
async function remembered(key, load) {
  const kept = localStorage.getItem(`kanmin.kept.${key}`);
  if (!navigator.onLine && kept) return JSON.parse(kept);
  try {
    const answer = await load();
    localStorage.setItem(`kanmin.kept.${key}`, JSON.stringify(answer));
    return answer;
  } catch (error) {
    if (error instanceof TypeError && kept) return JSON.parse(kept);
    throw error;
  }
}

function forget() {
  Object.keys(localStorage).filter(key => key.startsWith('kanmin.kept.')).forEach(key => localStorage.removeItem(key));
}

/**
 * Shows the header, makes sure someone is signed in, then calls ready({me, names}). Every text is drawn in the
 * chosen language, so a change of language draws the page again (what the page holds is kept on the device).
 */
export async function start(ready) {
  const header = $('header.bar');
  const main = $('main');
  renderHeader(header, null);
  translate();
  onLanguageChange(() => location.reload());
  for (;;) {
    if (session.token()) {
      try {
        const me = await remembered('me', () => api('/api/me'));
        const names = new Names(await remembered('organisations',
          () => api('/api/organisations?includeRetired=true&limit=1000')));
        useReportKinds(await remembered('report-kinds', () => api('/api/report-kinds')));
        renderHeader(header, me, names);
        return ready({ me, names });
      } catch (error) {
        if (!(error instanceof ApiError) || error.status !== 401) {
          showError(main, error);
          return undefined;
        }
        session.signOut();
        forget();
      }
    }
    await signIn(main);
  }
}

function renderHeader(header, me, names = null) {
  const here = location.pathname === '/index.html' ? '/' : location.pathname;
  const incident = new URLSearchParams(location.search).get('incident');
  replace(header,
    el('a', { class: 'brand', href: '/' }, t('app.name')),
    el('nav', { 'aria-label': 'main' }, PAGES.map(([href, key]) => el('a', {
      href: href !== '/' && incident ? `${href}?incident=${encodeURIComponent(incident)}` : href,
      'aria-current': here === href ? 'page' : null,
    }, t(key)))),
    el('span', { class: 'who' }, me ? names?.of(me.organisationId) ?? me.organisationId : ''),
    me ? el('button', { type: 'button', class: 'quiet', onclick: () => {
      session.signOut();
      forget();
      location.reload();
    } },
      t('signout')) : null,
    el('button', {
      type: 'button', id: 'language', lang: language() === 'ja' ? 'en' : 'ja', 'aria-label': t('lang.label'),
      onclick: toggleLanguage,
    }, t('lang.toggle')));
}

function signIn(main) {
  return new Promise(resolve => {
    const input = el('input', { id: 'token', name: 'token', type: 'password', autocomplete: 'current-password',
      required: true, spellcheck: 'false' });
    const message = el('p', { class: 'error', role: 'alert' });
    const form = el('form', { class: 'panel signin', onsubmit: async event => {
      event.preventDefault();
      session.signIn(input.value);
      try {
        await api('/api/me');
        main.replaceChildren();
        resolve();
      } catch (error) {
        session.signOut();
        message.textContent = error instanceof ApiError && error.status === 401 ? t('signin.bad') : describe(error);
      }
    } },
    el('h1', {}, t('signin.title')),
    el('p', {}, t('signin.hint')),
    el('label', { for: 'token' }, t('signin.token')), input,
    el('button', { type: 'submit', class: 'primary' }, t('signin.submit')),
    message);
    replace(main, form);
    input.focus();
  });
}

export function describe(error) {
  return error instanceof ApiError ? t('error.load', { detail: error.message }) : t('error.network');
}

export function showError(container, error) {
  replace(container, el('p', { class: 'error', role: 'alert' }, describe(error)));
}

/**
 * For the pages about one incident: signs in, picks the incident (a picker in the header, or wherever the page puts
 * it), then calls ready({me, names, incident, picker, main}).
 */
export function startWithIncident(ready, { pickerInHeader = true } = {}) {
  start(async ({ me, names }) => {
    const main = $('main');
    try {
      const { incidents, chosen } = await chooseIncident(me);
      if (!chosen) {
        replace(main, el('p', {}, t('incidents.none')));
        return;
      }
      const picker = incidentPicker(incidents, chosen);
      if (pickerInHeader) $('header.bar').append(picker);
      await ready({ me, names, incident: chosen, picker, main });
    } catch (error) {
      showError(main, error);
    }
  });
}

/** The incident named in the address, else an open one the caller coordinates, else the first it takes part in. */
async function chooseIncident(me) {
  const incidents = await remembered('incidents', () => api('/api/incidents'));
  const named = new URLSearchParams(location.search).get('incident');
  const chosen = incidents.find(i => i.incidentId === named)
    ?? incidents.find(i => i.coordinatingHq === me.organisationId && i.status === 'OPEN')
    ?? incidents[0];
  return { incidents, chosen };
}

/** A picker that reopens the page on another incident. */
function incidentPicker(incidents, chosen) {
  const select = el('select', { id: 'incident-picker', 'aria-label': t('incident.pick'), onchange: () => {
    location.search = `?incident=${select.value}`;
  } }, incidents.map(i => el('option', { value: i.incidentId, selected: i.incidentId === chosen?.incidentId },
    `${i.title} (${term(i.kind)}, ${t(`mode.${i.mode}`)})`)));
  return select;
}
