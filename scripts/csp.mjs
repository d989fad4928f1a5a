// Puts a strict Content-Security-Policy into the built index.html of release
// builds (called by scripts/post-build.mjs, Trunk's post_build hook). The one
// inline script (Trunk's loader) is allowed by its SHA-256 hash; everything
// else must come from this origin. Debug builds (`trunk serve`) are left
// alone: the live-reload script would need its own exception.
import { readFileSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";

/** Writes the policy into `dir`/index.html. */
export function writeCsp(dir) {
  const file = join(dir, "index.html");
  let html = readFileSync(file, "utf8");
  const scripts = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
  if (scripts.length === 0) throw new Error("csp: no inline loader script found in index.html");
  const hashes = scripts.map((s) => `'sha256-${createHash("sha256").update(s, "utf8").digest("base64")}'`);
  const policy = [
    "default-src 'none'",
    `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(" ")}`,
    "style-src-elem 'self'",
    // Leptos sets style attributes for positions and highlight colours.
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    // The web app manifest (pwa/manifest.webmanifest) and the offline worker (sw.js).
    "manifest-src 'self'",
    "worker-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}" />`;
  html = html.replace(/<meta charset="utf-8" \/>/, (m) => `${m}\n    ${meta}`);
  if (!html.includes(meta)) throw new Error("csp: could not insert the policy");
  writeFileSync(file, html);
  console.log(`csp: policy with ${hashes.length} script hash(es) written`);
}
