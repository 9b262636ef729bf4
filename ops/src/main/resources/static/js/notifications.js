// 通知設定: the organisation's notification rules (which entries reach which address) and what was sent, with every
// attempt, for its own staff. The same API any bot or script uses; nothing here the API does not say.
import { api } from './api.js';
import { describe, start } from './shell.js';
import { el, replace } from './dom.js';
import { dateTime } from './format.js';
import { t } from './i18n.js';
import { NOTIFICATION_KINDS } from './kinds.js';

start(({ me, names }) => new RulesPage(me, names));

class RulesPage {
  constructor(me, names) {
    this.base = `/api/organisations/${encodeURIComponent(me.organisationId)}`;
    this.rules = el('div', { id: 'rules' });
    this.log = el('div', { id: 'deliveries' });
    this.message = el('p', { id: 'rule-message', role: 'status' });
    replace(document.querySelector('main'),
      el('section', { class: 'panel' },
        el('h1', {}, t('notify.title', { org: names.of(me.organisationId) })), this.rules),
      el('section', { class: 'panel', 'aria-labelledby': 'rule-form-title' },
        el('h2', { id: 'rule-form-title' }, t('notify.add')), this.form(), this.message),
      el('section', { class: 'panel', 'aria-labelledby': 'deliveries-title' },
        el('h2', { id: 'deliveries-title' }, t('notify.log')), this.log));
    this.refresh();
  }

  /** With the position a change answered, the rules are read once the read model has it (read-your-writes). */
  async refresh(atLeast = null) {
    const after = atLeast ? `atLeast=${atLeast}` : '';
    const [rules, deliveries] = await Promise.all([api(`${this.base}/notification-rules?${after}`),
      api(`${this.base}/notifications?limit=50`)]);
    replace(this.rules, rules.length === 0 ? el('p', {}, t('notify.none')) : el('table', { class: 'rules' },
      el('thead', {}, el('tr', {}, ['notify.ruleId', 'notify.kinds', 'notify.channel', 'notify.address', '']
        .map(key => el('th', { scope: 'col' }, key ? t(key) : '')))),
      el('tbody', {}, rules.map(rule => el('tr', { 'data-rule': rule.ruleId },
        el('td', {}, rule.ruleId),
        el('td', {}, rule.kinds.map(kind => t(`notify.kind.${kind}`)).join('、')),
        el('td', {}, t(`notify.channel.${rule.channel}`)),
        el('td', {}, rule.channel === 'WEB_PUSH' ? t('notify.phone') : rule.address,
          rule.secret ? el('div', { class: 'secret' }, `${t('notify.secret')}: `, el('code', {}, rule.secret)) : ''),
        el('td', {}, el('button', { type: 'button', class: 'quiet remove',
          'aria-label': `${t('notify.remove')} ${rule.ruleId}`, onclick: () => this.remove(rule.ruleId) },
        t('notify.remove'))))))));
    replace(this.log, deliveries.length === 0 ? el('p', {}, t('notify.nothingSent')) : el('ol', { class: 'deliveries' },
      deliveries.map(delivery => {
        const last = delivery.attempts.at(-1);
        return el('li', { 'data-status': delivery.status },
          el('strong', {}, t(`notify.status.${delivery.status}`)), ' ', dateTime(delivery.createdAt), ' ',
          delivery.subject, ' → ', delivery.channel === 'WEB_PUSH' ? t('notify.phone') : delivery.address,
          el('div', { class: 'attempts' }, t('notify.attempts', { n: delivery.attempts.length }),
            last ? ` (${last.outcome})` : ''),
          delivery.status === 'PENDING' ? '' : el('button', { type: 'button', class: 'quiet',
            onclick: () => this.redeliver(delivery.id) }, t('notify.redeliver')));
      })));
  }

  form() {
    const id = el('input', { id: 'rule-id', name: 'ruleId', required: true, pattern: '[a-z0-9][a-z0-9\\-]{1,62}',
      placeholder: 'duty-mail' });
    const kinds = NOTIFICATION_KINDS.map(kind => el('label', { class: 'option' },
      el('input', { type: 'checkbox', name: 'kinds', value: kind }), t(`notify.kind.${kind}`)));
    const channel = el('select', { id: 'rule-channel', name: 'channel' },
      ['EMAIL', 'WEBHOOK'].map(value => el('option', { value }, t(`notify.channel.${value}`))));
    const address = el('input', { id: 'rule-address', name: 'address', required: true, maxlength: 500 });
    const lang = el('select', { id: 'rule-language', name: 'language' },
      ['ja', 'en'].map(value => el('option', { value }, t(`notify.language.${value}`))));
    return el('form', { class: 'rule', onsubmit: async event => {
      event.preventDefault();
      const chosen = kinds.map(label => label.querySelector('input')).filter(box => box.checked).map(box => box.value);
      try {
        const saved = await api(`${this.base}/notification-rules/${encodeURIComponent(id.value.trim())}`, {
          method: 'PUT',
          body: { kinds: chosen, channel: channel.value, address: address.value.trim(), language: lang.value } });
        this.message.textContent = t('notify.saved');
        event.target.reset();
        await this.refresh(saved.position);
      } catch (error) {
        this.message.textContent = describe(error);
      }
    } },
    el('div', { class: 'field' }, el('label', { for: 'rule-id' }, t('notify.ruleId')), id),
    el('fieldset', { class: 'field choice' }, el('legend', {}, t('notify.kinds')), kinds),
    el('div', { class: 'field' }, el('label', { for: 'rule-channel' }, t('notify.channel')), channel),
    el('div', { class: 'field' }, el('label', { for: 'rule-address' }, t('notify.address')), address),
    el('div', { class: 'field' }, el('label', { for: 'rule-language' }, t('notify.language')), lang),
    el('button', { type: 'submit', class: 'primary' }, t('notify.save')));
  }

  async remove(ruleId) {
    try {
      const removed = await api(`${this.base}/notification-rules/${encodeURIComponent(ruleId)}`,
        { method: 'DELETE' });
      this.message.textContent = t('notify.removed');
      await this.refresh(removed.position);
    } catch (error) {
      this.message.textContent = describe(error);
    }
  }

  async redeliver(deliveryId) {
    try {
      await api(`${this.base}/notifications/${encodeURIComponent(deliveryId)}/redeliver`, { method: 'POST' });
      await this.refresh();
    } catch (error) {
      this.message.textContent = describe(error);
    }
  }
}
