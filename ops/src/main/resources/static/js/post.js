// 報告 (phone): liaison staff and chamber officers post what they see with the fewest taps. Every post goes through
// the outbox, so a post made with no signal is kept and sent when the signal returns, exactly once.
import { api } from './api.js';
import { describe, startWithIncident } from './shell.js';
import { el, replace } from './dom.js';
import { dateTime } from './format.js';
import { language, t, term } from './i18n.js';
import { kindLabel, NOTIFICATION_KINDS, reportKind } from './kinds.js';
import { Outbox } from './outbox.js';

const number = (name, value = 0, min = 0) => ({ name, kind: 'number', value, min });
const NOTE = { name: 'note', kind: 'textarea' };
const RESOURCES = ['PERSONNEL', 'EQUIPMENT', 'VEHICLES', 'FUEL', 'WATER', 'FOOD', 'MATERIALS', 'POWER_SUPPLY',
  'SHELTER', 'OTHER'];
const SECTORS = ['POWER', 'WATER', 'GAS', 'TELECOM', 'ROAD', 'RAIL'];

/** Each kind of post: its fields (in the order of the paper forms) and the body the API takes. */
const FORMS = {
  STAFF_SAFETY: {
    fields: [number('safe'), number('injured'), number('missing'), number('unreachable'), NOTE],
    body: v => ({ type: 'STAFF_SAFETY', safe: v.safe, injured: v.injured, missing: v.missing,
      unreachable: v.unreachable }),
  },
  SITE_DAMAGE: {
    fields: [{ name: 'severity', kind: 'choice', options: ['NONE', 'LIGHT', 'SEVERE'], label: o => t(`severity.${o}`),
      value: 'NONE' },
    { name: 'operating', kind: 'choice', options: ['yes', 'no'], label: o => t(`post.operating.${o}`), value: 'yes' },
    { name: 'site', kind: 'text' }, NOTE],
    body: v => ({ type: 'SITE_DAMAGE', severity: v.severity, operating: v.operating === 'yes', site: v.site || null }),
  },
  INFRASTRUCTURE_OUTAGE: {
    fields: [{ name: 'sector', kind: 'select', options: SECTORS, label: term,
      value: ctx => ctx.me.organisation?.sector ?? 'POWER' },
      number('households'), { name: 'cause', kind: 'text' }, { name: 'eta', kind: 'datetime-local' },
      { name: 'outageId', kind: 'text' }, NOTE],
    body: (v, ctx) => ({ type: 'INFRASTRUCTURE_OUTAGE', sector: v.sector, householdsAffected: v.households,
      cause: v.cause || null, restorationEta: v.eta ? new Date(v.eta).toISOString() : null,
      outageId: v.outageId || `${ctx.me.organisationId}-${Date.now().toString(36)}` }),
  },
  SUPPORT: {
    report: false,
    path: ctx => `/api/incidents/${ctx.incident.incidentId}/support-requests`,
    fields: [{ name: 'resource', kind: 'select', options: RESOURCES, label: r => t(`resource.${r}`) },
      number('quantity', 1, 1), { name: 'unit', kind: 'text' },
      { name: 'priority', kind: 'choice', options: ['URGENT', 'HIGH', 'NORMAL'], label: o => t(`priority.${o}`),
        value: 'HIGH' },
      { name: 'to', kind: 'select', options: ctx => ctx.incident.participants.filter(p => p !== ctx.me.organisationId),
        label: (o, ctx) => ctx.names.of(o), value: ctx => ctx.incident.coordinatingHq },
      { name: 'description', kind: 'textarea' }],
    body: v => ({ to: [v.to], resource: v.resource, quantity: v.quantity, unit: v.unit || null, priority: v.priority,
      description: v.description || null }),
  },
};

// the posting page and its outbox must open again with no signal
navigator.serviceWorker?.register('/sw.js').catch(() => {});

function fromBase64Url(text) {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(base64 + '='.repeat((4 - base64.length % 4) % 4)), c => c.charCodeAt(0));
}

startWithIncident(ctx => new PostPage(ctx), { pickerInHeader: false });

class PostPage {
  constructor(ctx) {
    this.ctx = ctx;
    this.queue = el('ol', { id: 'outbox', class: 'outbox', 'aria-live': 'polite' });
    this.form = el('div', { id: 'post-form' });
    this.message = el('p', { id: 'post-message', role: 'status' });
    this.network = el('p', { id: 'network', role: 'status' });
    const kinds = [...Object.keys(FORMS), 'ACK'];
    this.tabs = el('div', { class: 'kinds', role: 'group', 'aria-label': t('post.pick') }, kinds.map(kind => el('button', {
      type: 'button', class: 'kind', 'data-kind': kind, onclick: () => this.show(kind) }, this.label(kind))));
    replace(ctx.main,
      el('section', { class: 'panel post-context' },
        el('h1', {}, t('post.as', { org: ctx.names.of(ctx.me.organisationId) })),
        ctx.picker, this.network, this.pushControl()),
      this.tabs, el('section', { class: 'panel' }, this.form, this.message),
      el('section', { class: 'panel', 'aria-labelledby': 'outbox-title' },
        el('h2', { id: 'outbox-title' }, t('post.queue')), this.queue));
    this.outbox = new Outbox(ctx.me.organisationId, items => this.drawQueue(items));
    this.drawQueue(this.outbox.items());
    this.outbox.flush();
    const network = () => {
      this.network.textContent = navigator.onLine ? t('post.online') : t('post.offline');
      this.network.className = navigator.onLine ? 'online' : 'offline';
    };
    window.addEventListener('online', network);
    window.addEventListener('offline', network);
    network();
    this.show('STAFF_SAFETY');
  }

  /**
   * この端末に通知: where the browser allows Web Push, one tap subscribes this phone and sets the organisation's
   * notification rule for it (every kind, in the page's language); the server's key signs what it sends.
   */
  pushControl() {
    if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) return '';
    const said = el('span', { id: 'push-status', role: 'status' });
    const button = el('button', { type: 'button', id: 'push-subscribe', onclick: async () => {
      button.disabled = true;
      try {
        if (await Notification.requestPermission() !== 'granted') throw new Error(t('push.denied'));
        const { publicKey } = await api('/api/web-push/key');
        const registration = await navigator.serviceWorker.ready;
        const subscription = await registration.pushManager.subscribe({
          userVisibleOnly: true, applicationServerKey: fromBase64Url(publicKey) });
        const address = JSON.stringify(subscription);
        const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(subscription.endpoint)));
        const ruleId = `phone-${[...digest.slice(0, 6)].map(b => b.toString(16).padStart(2, '0')).join('')}`;
        const org = encodeURIComponent(this.ctx.me.organisationId);
        // every kind: a liaison's phone is where an overdue task or a request must reach
        await api(`/api/organisations/${org}/notification-rules/${ruleId}`, { method: 'PUT', body: {
          kinds: NOTIFICATION_KINDS, channel: 'WEB_PUSH', address, language: language() } });
        said.textContent = t('push.on');
      } catch (failure) {
        said.textContent = `${t('push.failed')}: ${failure.message}`;
        button.disabled = false;
      }
    } }, t('push.subscribe'));
    return el('p', { class: 'push' }, button, ' ', said);
  }

  /** A report kind by the name the API gives it; support requests and acknowledgements are not reports. */
  label(kind) {
    return reportKind(kind) ? kindLabel(kind) : t(`post.${kind}`);
  }

  show(kind) {
    this.tabs.querySelectorAll('button').forEach(b => b.setAttribute('aria-pressed', String(b.dataset.kind === kind)));
    this.message.textContent = '';
    if (kind === 'ACK') {
      this.inbox();
      return;
    }
    const spec = FORMS[kind];
    const inputs = spec.fields.map(field => this.field(kind, field));
    const form = el('form', { class: 'post', 'data-kind': kind, onsubmit: event => {
      event.preventDefault();
      const values = Object.fromEntries(inputs.map(i => [i.name, i.read()]));
      // a report says when it was seen, which is now even if the phone only gets a signal later
      const body = spec.report === false ? spec.body(values, this.ctx)
        : { ...spec.body(values, this.ctx), note: values.note || undefined, observedAt: new Date().toISOString() };
      const path = spec.path?.(this.ctx) ?? `/api/incidents/${this.ctx.incident.incidentId}/reports`;
      this.outbox.add({ label: this.label(kind), path, body });
      this.show(kind);
      this.message.textContent = navigator.onLine ? t('post.accepted') : t('post.queued');
    } }, inputs.map(i => i.element), el('button', { type: 'submit', class: 'primary send' }, t('post.send')));
    replace(this.form, form);
  }

  field(kind, field) {
    const id = `${kind}-${field.name}`;
    const label = el('label', { for: id }, t(`post.${field.name}`));
    const initial = typeof field.value === 'function' ? field.value(this.ctx) : field.value;
    if (field.kind === 'number') {
      const input = el('input', { id, name: field.name, type: 'number', inputmode: 'numeric', min: field.min, step: 1,
        value: initial, required: true });
      const step = delta => el('button', {
        type: 'button', class: 'step', 'aria-label': `${t(`post.${field.name}`)} ${delta > 0 ? '+1' : '−1'}`,
        onclick: () => { input.value = Math.max(field.min, (+input.value || 0) + delta); },
      }, delta > 0 ? '+' : '−');
      return { name: field.name, read: () => +input.value,
        element: el('div', { class: 'field number' }, label, el('div', { class: 'stepper' }, step(-1), input, step(1))) };
    }
    if (field.kind === 'choice') {
      const group = el('fieldset', { class: 'field choice' }, el('legend', {}, t(`post.${field.name}`)),
        field.options.map(option => el('label', { class: 'option' }, el('input', { type: 'radio', name: id,
          value: option, checked: option === initial }), field.label(option))));
      return { name: field.name, element: group, read: () => group.querySelector('input:checked')?.value };
    }
    if (field.kind === 'select') {
      const options = typeof field.options === 'function' ? field.options(this.ctx) : field.options;
      const select = el('select', { id, name: field.name }, options.map(option => el('option', { value: option,
        selected: option === initial }, field.label(option, this.ctx))));
      return { name: field.name, read: () => select.value, element: el('div', { class: 'field' }, label, select) };
    }
    const input = field.kind === 'textarea' ? el('textarea', { id, name: field.name, rows: 2, maxlength: 2000 })
      : el('input', { id, name: field.name, type: field.kind, maxlength: 200 });
    return { name: field.name, read: () => input.value.trim(), element: el('div', { class: 'field' }, label, input) };
  }

  /** 受領確認: what others shared with this organisation and it has not yet acknowledged, one tap each. */
  async inbox() {
    const { me, incident, names } = this.ctx;
    replace(this.form, el('p', {}, '…'));
    try {
      const answer = await api(`/api/incidents/${incident.incidentId}/exchanges`);
      const waiting = answer.exchanges.filter(x => x.receipts?.[me.organisationId]
        && !x.receipts[me.organisationId].acknowledgedAt);
      const pending = new Set(this.outbox.items().filter(i => i.state !== 'failed').map(i => i.path));
      replace(this.form, el('h2', {}, t('post.inbox')), waiting.length ? el('ul', { class: 'inbox' }, waiting.map(x => {
        const path = `/api/incidents/${incident.incidentId}/exchanges/${x.exchangeId}/acknowledge`;
        return el('li', {}, el('strong', {}, `${names.of(x.from)} · ${term(x.topic)}`), ' ', dateTime(x.sharedAt),
          el('p', {}, x.text ?? ''), el('button', { type: 'button', class: 'primary', disabled: pending.has(path),
            onclick: event => {
              event.target.disabled = true;
              this.outbox.add({ label: t('post.ACK'), path, body: {} });
            } }, t('post.ack')));
      })) : el('p', {}, t('post.inbox.none')));
    } catch (error) {
      replace(this.form, el('p', { class: 'error' }, describe(error)));
    }
  }

  drawQueue(items) {
    if (!items.length) {
      replace(this.queue, el('li', { class: 'empty' }, t('post.queue.none')));
      return;
    }
    replace(this.queue, items.map(item => el('li', { class: `queued ${item.state}`, 'data-key': item.key,
      'data-state': item.state },
    el('span', { class: 'state' }, t(`post.${item.state}`)), ' ',
    el('strong', {}, item.label), ' ', dateTime(item.createdAt),
    item.state === 'failed' ? el('span', { class: 'error' }, ' ', t('post.invalid', {
      detail: [item.error?.detail, ...(item.error?.errors ?? []).map(e => `${e.field}: ${e.message}`)]
        .filter(Boolean).join(' / ') })) : null,
    item.state === 'failed' ? el('button', { type: 'button', class: 'quiet', onclick: () => this.outbox.discard(item.key) },
      t('post.discard')) : null)));
  }
}
