// Registers Tagmark's service worker (sw.js, written per build by
// scripts/service-worker.mjs) and offers a reload when a new version is
// ready. Only release builds load this script. A page only ever runs one
// version's files: a new worker waits until the reader chooses Reload, and
// is never activated behind an open page's back by this script.
const container = navigator.serviceWorker;
if (container) start().catch((error) => console.warn("tagmark: no offline copy:", error));

async function start() {
  const registration = await container.register(new URL("sw.js", import.meta.url), {
    scope: new URL(".", import.meta.url).pathname,
    // The worker file itself is always asked of the server, never of the HTTP cache.
    updateViaCache: "none",
  });
  // On a first visit the new worker claims this page: that change is not an
  // update. Once a worker controls the page, a change is a new version.
  let controlled = Boolean(container.controller);
  let asked = false;
  container.addEventListener("controllerchange", () => {
    if (asked) location.reload();
    else if (controlled) offer(registration, () => (asked = true));
    controlled = true;
  });
  const watch = (worker) =>
    worker?.addEventListener("statechange", () => {
      if (worker.state === "installed" && container.controller) offer(registration, () => (asked = true));
    });
  if (registration.waiting && container.controller) offer(registration, () => (asked = true));
  watch(registration.installing);
  registration.addEventListener("updatefound", () => watch(registration.installing));
  const check = () => registration.update().catch(() => {}); // offline: nothing to check
  check();
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") check();
  });
}

/**
 * Shows "A new version of Tagmark is ready" with a Reload button (once;
 * "Not now" hides it until the next load).
 * Reload lets the waiting worker take over and the page reloads when it
 * has; if another tab already did that, it just reloads.
 */
function offer(registration, onAsk) {
  if (document.querySelector(".update-offer")) return;
  const bar = document.createElement("div");
  bar.className = "update-offer";
  bar.setAttribute("role", "status");
  document.body.append(bar);
  // Filled a frame later, so that the live region exists before it speaks.
  requestAnimationFrame(() => {
    const text = document.createElement("span");
    text.textContent = "A new version of Tagmark is ready.";
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = "Reload";
    button.addEventListener("click", () => {
      button.disabled = true;
      const waiting = registration.waiting;
      if (waiting) {
        onAsk();
        waiting.postMessage("skip-waiting");
      } else {
        location.reload();
      }
    });
    // The bar covers the foot of the page: the reader may keep reading.
    const later = document.createElement("button");
    later.type = "button";
    later.textContent = "Not now";
    later.addEventListener("click", () => bar.remove());
    bar.append(text, " ", button, " ", later);
  });
}
