// Tagmark's service worker for one release build: it keeps that build's
// files, and only those, so that the app opens with no network. The build's
// list and its cache name are written in by scripts/service-worker.mjs.
const { cache: CACHE, files: FILES } = BUILD;
const PREFIX = "tagmark-";
const at = (path) => new URL(path, self.location).href;
const KNOWN = new Set(Object.keys(FILES).map(at));
const INDEX = at("index.html");
const SCOPE = new URL(self.registration.scope).pathname;

// All or nothing: every file, checked against the hash the build recorded
// (so a deployment that lands mid-install can't slip in a file of another
// version), or no cache and no worker.
self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      try {
        await Promise.all(
          Object.entries(FILES).map(async ([path, integrity]) => {
            const response = await fetch(at(path), { cache: "no-cache", integrity });
            if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
            await cache.put(at(path), response);
          }),
        );
      } catch (error) {
        await caches.delete(CACHE);
        throw error;
      }
    })(),
  );
});

// A new worker waits (no skipWaiting here): the page asks for it when the
// reader chooses Reload (pwa/sw-register.js).
self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
      }
      // The first visit is controlled at once, so it works offline from then on.
      await self.clients.claim();
    })(),
  );
});

// The build's files come from its cache; a visit to the app (any query: the
// route is in the fragment) gets its index.html. Everything else is left
// to the network, untouched.
self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  let key;
  if (request.mode === "navigate") {
    if (url.pathname !== SCOPE && url.href.split(/[?#]/)[0] !== INDEX) return;
    key = INDEX;
  } else {
    if (url.search || !KNOWN.has(url.origin + url.pathname)) return;
    key = url.origin + url.pathname;
  }
  event.respondWith(
    caches
      .open(CACHE)
      .then((cache) => cache.match(key))
      // Only if the browser evicted the cache: the network's copy.
      .then((hit) => hit ?? fetch(request)),
  );
});
