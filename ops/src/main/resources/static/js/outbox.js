// The phone's outbox (送信待ち). A post is saved on the device before anything is sent, with an idempotency key made
// once; it is sent, and after a failed connection or a busy server sent again with the same key, until the server
// answers. The server records a retried post once, so a post that did reach it before the connection broke is not
// doubled. A post is "sent" only when the server said so, and "failed" only when it refused it (4xx): then retrying
// would not help, and the user sees the server's reason.
import { api, ApiError, uuid } from './api.js';

const KEY = 'kanmin.outbox';
const KEEP_SENT = 30;
const MAX_DELAY = 30_000;

export class Outbox {
  constructor(organisationId, onChange) {
    this.organisationId = organisationId;
    this.onChange = onChange;
    this.delay = 2000;
    this.timer = null;
    this.flushing = false;
    // a page closed mid-send may or may not have reached the server: the same key settles it either way
    this.save(this.load().map(item => (item.state === 'sending' ? { ...item, state: 'waiting' } : item)));
    window.addEventListener('online', () => this.flush());
    window.addEventListener('storage', event => event.key === KEY && this.onChange(this.items()));
  }

  load() {
    try {
      return JSON.parse(localStorage.getItem(KEY)) ?? [];
    } catch {
      return [];
    }
  }

  save(items) {
    const sent = items.filter(i => i.state === 'sent');
    const keep = items.filter(i => i.state !== 'sent' || sent.indexOf(i) >= sent.length - KEEP_SENT);
    localStorage.setItem(KEY, JSON.stringify(keep));
  }

  /** This organisation's posts, newest first; another organisation's posts on a shared phone are not its to send. */
  items() {
    return this.load().filter(i => i.organisationId === this.organisationId).reverse();
  }

  update(key, change) {
    this.save(this.load().map(item => (item.key === key ? { ...item, ...change } : item)));
    this.onChange(this.items());
  }

  add({ label, path, body }) {
    const item = { key: uuid(), organisationId: this.organisationId, label, path, body, state: 'waiting',
      createdAt: new Date().toISOString(), attempts: 0 };
    this.save([...this.load(), item]);
    this.onChange(this.items());
    this.flush();
    return item;
  }

  discard(key) {
    this.save(this.load().filter(item => item.key !== key));
    this.onChange(this.items());
  }

  /** Sends waiting posts oldest first; stops at the first that cannot get through, so order is kept. */
  async flush() {
    if (this.flushing) return;
    this.flushing = true;
    clearTimeout(this.timer);
    try {
      for (;;) {
        const next = this.load().find(item => item.organisationId === this.organisationId && item.state === 'waiting');
        if (!next) {
          this.delay = 2000;
          return;
        }
        if (!navigator.onLine) {
          this.retryLater();
          return;
        }
        if (!await this.send(next)) {
          this.retryLater();
          return;
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  async send(item) {
    this.update(item.key, { state: 'sending', attempts: item.attempts + 1 });
    try {
      const answer = await api(item.path, { method: 'POST', body: item.body, headers: { 'Idempotency-Key': item.key } });
      this.update(item.key, { state: 'sent', sentAt: new Date().toISOString(), answer, error: null });
      this.delay = 2000;
      return true;
    } catch (error) {
      if (error instanceof ApiError && !error.transient) {
        this.update(item.key, { state: 'failed', error: error.problem });
        return true;
      }
      this.update(item.key, { state: 'waiting', error: error instanceof ApiError ? error.problem : null });
      return false;
    }
  }

  retryLater() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), this.delay);
    this.delay = Math.min(this.delay * 2, MAX_DELAY);
  }
}
