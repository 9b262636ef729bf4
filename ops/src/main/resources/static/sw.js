// Keeps the pages' own files on the device, so the posting page opens with no signal and its outbox can wait there.
// Network first: online, every page and script is fetched fresh (a new release shows at once); offline, the last copy
// is used. The API is never cached here: what the API answers is the server's to say.
const CACHE = 'kanmin-pages-v3';
const PAGES = ['/', '/index.html', '/post.html', '/board.html', '/replay.html', '/notifications.html', '/css/app.css',
  '/js/api.js', '/js/notifications.js',
  '/js/board.js', '/js/boardview.js', '/js/chart.js', '/js/dom.js', '/js/entries.js', '/js/format.js', '/js/home.js',
  '/js/i18n.js', '/js/kinds.js', '/js/outbox.js', '/js/post.js', '/js/replay.js', '/js/shell.js', '/js/stream.js'];

self.addEventListener('install', event => {
  event.waitUntil(caches.open(CACHE).then(cache => cache.addAll(PAGES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', event => {
  event.waitUntil(caches.keys()
    .then(keys => Promise.all(keys.filter(key => key !== CACHE).map(key => caches.delete(key))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', event => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')
      || url.pathname.startsWith('/actuator/')) {
    return;
  }
  event.respondWith(fetch(event.request)
    .then(response => {
      if (response.ok) {
        const copy = response.clone();
        event.waitUntil(caches.open(CACHE).then(cache => cache.put(url.pathname, copy)));
      }
      return response;
    })
    .catch(() => caches.match(url.pathname).then(copy => copy ?? Response.error())));
});

// Web Push (a WEB_PUSH notification rule): the server's message is shown as it came; one per delivery, so a message
// the push service hands over twice shows once. A tap opens the incident's posting page.
self.addEventListener('push', event => {
  let message = {};
  try {
    message = event.data?.json() ?? {};
  } catch {
    message = { body: event.data?.text() };
  }
  event.waitUntil(self.registration.showNotification(message.title ?? '官民連携タイムライン', {
    body: message.body ?? '', tag: message.delivery, data: { incidentId: message.incidentId } }));
});

self.addEventListener('notificationclick', event => {
  event.notification.close();
  const incident = event.notification.data?.incidentId;
  event.waitUntil(self.clients.openWindow(incident ? `/post.html?incident=${encodeURIComponent(incident)}` : '/'));
});
