// Tagmark's service worker in debug builds (`trunk serve`): there is no
// offline copy while developing. If a release build's worker was installed
// on this origin before, this one replaces it at once, deletes its caches,
// unregisters and reloads the open pages, so live reload and fresh builds
// are never answered from an old cache.
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name.startsWith("tagmark-")) await caches.delete(name);
      await self.registration.unregister();
      for (const client of await self.clients.matchAll({ type: "window" })) client.navigate(client.url);
    })(),
  );
});
