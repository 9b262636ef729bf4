// Server-Sent Events over fetch, because EventSource cannot send the Authorization header. Like EventSource it
// resumes with Last-Event-ID after any break (the server sends exactly the entries missed); unlike it, it also notices
// a stream gone quiet (a laptop waking from sleep, a proxy dropping the connection silently) and reconnects at once
// when the device comes back online or the page becomes visible.
import { authorised, ApiError, problemOf } from './api.js';

const QUIET_LIMIT = 40_000; // the server sends a comment every 15 s
const MAX_BACKOFF = 15_000;

export function openStream(url, { onEvent, onState = () => {}, lastEventId = null, resume = true }) {
  let controller = null;
  let closed = false;
  let backoff = 1000;
  let lastHeard = Date.now();
  let retryTimer = null;
  let waitingForNetwork = false;

  const watchdog = setInterval(() => {
    if (controller && Date.now() - lastHeard > QUIET_LIMIT) controller.abort();
  }, 5000);
  const reconnectNow = () => {
    if (closed) return;
    if (retryTimer || (waitingForNetwork && navigator.onLine)) {
      clearTimeout(retryTimer);
      retryTimer = null;
      waitingForNetwork = false;
      connect();
    } else if (document.visibilityState === 'visible' && Date.now() - lastHeard > QUIET_LIMIT) {
      controller?.abort();
    }
  };
  // a device that lost its network will hear nothing on the old connection; Last-Event-ID makes the new one whole
  const dropConnection = () => controller?.abort();
  window.addEventListener('online', reconnectNow);
  window.addEventListener('offline', dropConnection);
  document.addEventListener('visibilitychange', reconnectNow);

  async function connect() {
    if (!navigator.onLine) {
      retry();
      return;
    }
    controller = new AbortController();
    onState('connecting');
    try {
      const headers = authorised({ Accept: 'text/event-stream' });
      if (lastEventId !== null) headers['Last-Event-ID'] = lastEventId;
      const response = await fetch(url, { headers, signal: controller.signal, cache: 'no-store' });
      if (!response.ok) throw new ApiError(response.status, await problemOf(response));
      onState('live');
      backoff = 1000;
      lastHeard = Date.now();
      await read(response.body);
      if (!resume) {
        stop('ended');
        return;
      }
    } catch (error) {
      if (closed) return;
      if (error instanceof ApiError && !error.transient) {
        stop('denied', error);
        return;
      }
    }
    if (!closed) retry();
  }

  function retry() {
    onState('retrying');
    if (!navigator.onLine) {
      waitingForNetwork = true; // the 'online' event reconnects; trying before it would only fail
      return;
    }
    retryTimer = setTimeout(() => {
      retryTimer = null;
      connect();
    }, backoff);
    backoff = Math.min(backoff * 2, MAX_BACKOFF);
  }

  async function read(body) {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    let event = { type: 'message', data: [], id: null };
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      lastHeard = Date.now();
      buffer += value;
      let newline;
      while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
        if (line === '') {
          if (event.data.length) dispatch(event);
          event = { type: 'message', data: [], id: null };
        } else if (!line.startsWith(':')) {
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'data') event.data.push(value);
          else if (field === 'event') event.type = value;
          else if (field === 'id') event.id = value;
        }
      }
    }
  }

  function dispatch(event) {
    if (event.id !== null) lastEventId = event.id;
    let data;
    try {
      data = JSON.parse(event.data.join('\n'));
    } catch {
      data = event.data.join('\n');
    }
    onEvent(event.type, data);
  }

  function stop(state, error) {
    closed = true;
    clearInterval(watchdog);
    clearTimeout(retryTimer);
    window.removeEventListener('online', reconnectNow);
    window.removeEventListener('offline', dropConnection);
    document.removeEventListener('visibilitychange', reconnectNow);
    controller?.abort();
    onState(state, error);
  }

  connect();
  return { close: () => stop('stopped') };
}
