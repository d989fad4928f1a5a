// Writes sw.js into a build directory: for release builds, the worker that
// keeps exactly this build's files (scripts/sw-release.js with the list of
// files, each with its SHA-384, and a cache name from a hash of them all),
// and the <script> that registers it (pwa/sw-register.js) in index.html; for
// debug builds, a worker that only removes an earlier release worker
// (scripts/sw-debug.js). Run by scripts/post-build.mjs; the tests call
// `writeWorker` on copies of dist/ to make "new deployments".
import { readFileSync, writeFileSync, readdirSync } from "node:fs";
import { createHash } from "node:crypto";
import { join, relative, sep } from "node:path";

const template = (name) => readFileSync(new URL(name, import.meta.url), "utf8");
const REGISTER = "sw-register.js";

/** Every file under `dir` (relative, with "/"), except the worker itself. */
function buildFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.push(relative(dir, path).split(sep).join("/"));
    }
  };
  walk(dir);
  return out.filter((f) => f !== "sw.js").sort();
}

/** Adds the registering script to `dir`/index.html (once). */
export function addRegistration(dir, publicUrl = "/") {
  const file = join(dir, "index.html");
  const html = readFileSync(file, "utf8");
  if (html.includes(REGISTER)) return;
  const tag = `<script type="module" src="${publicUrl}${REGISTER}"></script>`;
  const out = html.replace("</head>", `${tag}</head>`);
  if (out === html) throw new Error("service-worker: no </head> in index.html");
  writeFileSync(file, out);
}

/**
 * Writes `dir`/sw.js for the files now in `dir` (release) or the
 * self-removing worker (debug). Returns the cache name (release) or null.
 */
export function writeWorker(dir, release) {
  if (!release) {
    writeFileSync(join(dir, "sw.js"), template("sw-debug.js"));
    return null;
  }
  const files = {};
  const all = createHash("sha256");
  for (const name of buildFiles(dir)) {
    const data = readFileSync(join(dir, name));
    files[name] = `sha384-${createHash("sha384").update(data).digest("base64")}`;
    all.update(`${name}\0${files[name]}\0`);
  }
  if (!files["index.html"]) throw new Error("service-worker: no index.html in the build");
  const cache = `tagmark-${all.digest("hex").slice(0, 16)}`;
  const build = `const BUILD = ${JSON.stringify({ cache, files }, null, 2)};\n`;
  writeFileSync(join(dir, "sw.js"), build + template("sw-release.js"));
  return cache;
}
