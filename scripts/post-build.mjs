// Trunk's post_build hook. Trunk 0.21 starts the hooks of one stage all at
// once (src/hooks.rs), so the steps that must happen in order are one hook:
// in release builds, the registering script and then the CSP go into
// index.html, and then the worker is written from the finished files (it
// hashes them). Debug builds get only the self-removing worker.
import { writeCsp } from "./csp.mjs";
import { addRegistration, writeWorker } from "./service-worker.mjs";

const dir = process.env.TRUNK_STAGING_DIR;
const release = process.env.TRUNK_PROFILE === "release";
if (release) {
  addRegistration(dir, process.env.TRUNK_PUBLIC_URL || "/");
  writeCsp(dir);
}
const cache = writeWorker(dir, release);
console.log(release ? `service-worker: sw.js keeps the build in ${cache}` : "service-worker: debug sw.js (removes a release worker)");
