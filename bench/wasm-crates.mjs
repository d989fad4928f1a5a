// What the release wasm holds, per crate and per module of Tagmark.
//
//   node bench/wasm-crates.mjs      (writes bench/wasm-crates.json and bench/wasm-crates.md)
//
// Steps, all rerunnable (incremental: after `trunk build --release` cargo has nothing to do):
// 1. `cargo build --release --target wasm32-unknown-unknown --bin tagmark`, the build Trunk
//    makes (same profile, same `.cargo/config.toml` rustflags). Its output keeps the wasm
//    "name" section (the release profile strips only debug info).
// 2. `wasm-bindgen --target web` on it (names kept), as Trunk runs it.
// 3. `wasm-opt` with the level and params of the rust link in index.html, once as shipped
//    (brotli measured: it should match bench/size.json's wasm) and once with `-g`, which keeps
//    the function names through the optimiser.
// 4. `twiggy top` and `twiggy dominators` (JSON) on the named build; the shallow size of
//    every item is summed by the crate its demangled name belongs to.
//
// Attribution is approximate. After LTO and wasm-opt's inlining, a function's body holds the
// code of everything inlined into it: a `serde_json` parser inlined into a Tagmark function
// counts as Tagmark. Generic code (Leptos views, `Vec<T>`, serde derives) is instantiated per
// type: `<tachys::…::HtmlElement<…> as Render>::build` counts as `tachys`, and the second table
// says for which Tagmark module it was instantiated (the first `tagmark::` path in its name).
// The named build is a little larger than the shipped one (`-g` holds back a few passes);
// sizes are raw bytes of code and data, not brotli.
//
// Knobs: BENCH_KEEP=dir (keep the intermediate files there), BENCH_REUSE=1 (with BENCH_KEEP:
// skip the build steps and re-read the files kept there, to rework the report only).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir, homedir } from "node:os";
import { join } from "node:path";
import { brotliCompressSync, constants } from "node:zlib";

const env = { ...process.env, PATH: `${process.cwd()}/node_modules/.bin:${homedir()}/.cargo/bin:${process.env.PATH}` };
const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { env, stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 30, ...opts });
const brotli = (data) => brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

// The wasm-opt settings of the shipped build, read from index.html's rust link.
const html = readFileSync("index.html", "utf8");
const link = html.match(/<link[^>]*rel="rust"[^>]*>/)[0];
const level = (link.match(/data-wasm-opt="([^"]*)"/) || [, "0"])[1];
const params = ((link.match(/data-wasm-opt-params="([^"]*)"/) || [, ""])[1]).split(/\s+/).filter(Boolean);

const work = process.env.BENCH_KEEP || mkdtempSync(join(tmpdir(), "wasm-crates-"));
mkdirSync(work, { recursive: true });
const target = process.env.CARGO_TARGET_DIR || "target";
const cargoArgs = ["build", "--release", "--locked", "--target", "wasm32-unknown-unknown", "--bin", "tagmark"];
const cargoWasm = `${target}/wasm32-unknown-unknown/release/tagmark.wasm`;
const bindgen = join(work, "tagmark_bg.wasm");
const optArgs = level === "0" ? [] : [`-O${level}`, ...params];
const shipped = join(work, "shipped.wasm");
const named = join(work, "named.wasm");
if (!(process.env.BENCH_REUSE && process.env.BENCH_KEEP)) {
  console.error(`cargo ${cargoArgs.join(" ")}`);
  run("cargo", cargoArgs, { stdio: ["ignore", "inherit", "inherit"] });
  run("wasm-bindgen", ["--target", "web", "--no-typescript", "--out-dir", work, "--out-name", "tagmark", cargoWasm]);
  console.error(`wasm-opt ${optArgs.join(" ")} (as shipped, then with -g)`);
  run("wasm-opt", [bindgen, "-o", shipped, ...optArgs]);
  run("wasm-opt", [bindgen, "-o", named, "-g", ...optArgs]);
}
const shippedBytes = readFileSync(shipped);

const items = JSON.parse(run("twiggy", ["top", "--format", "json", named]).toString());
const dominators = JSON.parse(run("twiggy", ["dominators", "--format", "json", "-d", "2", "-r", "4000", named]).toString());

// The crate (and, for Tagmark, core and std, the module) a demangled name belongs to.
const stripHash = (s) => s.replace(/::h[0-9a-f]{16}$/, "").replace(/\[[0-9a-f]{16}\]/g, "");
// The path of the item's owner: `<T as Trait>::f` → T, `<impl Trait for T>::f` → T, else the path.
function ownerPath(name) {
  let s = stripHash(name).trim();
  for (;;) {
    if (s.startsWith("&mut ")) s = s.slice(5);
    else if (s.startsWith("&")) s = s.slice(1);
    else if (s.startsWith("*const ") || s.startsWith("*mut ")) s = s.replace(/^\*(const|mut) /, "");
    else if (s.startsWith("dyn ")) s = s.slice(4);
    else break;
  }
  if (s.startsWith("<")) {
    let depth = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s[i];
      if (c === "<" || c === "(" || c === "[") depth++;
      else if (c === ">" || c === ")" || c === "]") depth--;
      if (depth === 1 && s.startsWith(" as ", i)) {
        // A blanket impl (`<T as Trait>`) or a primitive's (`<f64 as Display>`) is the trait's code.
        const self = s.slice(1, i).replace(/^&(mut )?/, "");
        if (!self.includes("::")) return ownerPath(s.slice(i + 4));
        return ownerPath(self);
      }
      if (depth === 1 && s.startsWith(" for ", i) && s.startsWith("<impl ")) return ownerPath(s.slice(i + 5));
      if (depth === 0) return ownerPath(s.slice(1, i));
    }
    return s;
  }
  if (s.startsWith("[") || s.startsWith("(")) return s.slice(1);
  return s;
}
const segments = (path) => path.split(/<|\{/)[0].split("::").filter(Boolean);
function crateOf(item) {
  const name = item.name;
  if (/^data\[\d+\]$|^data segment/.test(name)) return "data segments (string literals, tables, vtables)";
  if (/^code\[\d+\]$/.test(name)) return "unnamed functions";
  if (/^(type|table|elem|global|memory|import|export|start)\b|^custom section|^wasm-bindgen/.test(name))
    return "wasm sections (types, imports, exports, table)";
  const path = ownerPath(name);
  const seg = segments(path);
  if (seg.length === 0) return "other";
  const [crate] = seg;
  if (crate === "core" && seg[1] === "ptr" && /drop_in_place/.test(path)) return "drop glue (core::ptr::drop_in_place)";
  if (["core", "alloc", "std"].includes(crate)) return seg.length > 2 ? `${crate}::${seg[1]}` : crate;
  if (crate === "tagmark") return tagmarkModule(seg);
  return crate;
}
// Tagmark by module: core::suggest, components::article, state::library …
// (A capitalised segment is a type or a component, not a module: `tagmark::Tagmark` is lib.rs.)
function tagmarkModule(seg) {
  const module = (s) => s !== undefined && /^[a-z_0-9]+$/.test(s);
  if (["core", "components", "state", "web"].includes(seg[1]) && seg.length > 3 && module(seg[2])) return `tagmark::${seg[1]}::${seg[2]}`;
  return seg.length > 2 && module(seg[1]) ? `tagmark::${seg[1]}` : "tagmark (lib.rs, main.rs)";
}
// For generic code of other crates: the first Tagmark module named in its type arguments.
function instantiatedFor(name) {
  const m = name.match(/tagmark::[A-Za-z0-9_:]+/);
  if (!m) return null;
  const seg = m[0].split("::").filter(Boolean);
  return tagmarkModule(seg);
}

const byCrate = new Map();
const byTagmark = new Map();
const generic = new Map();
const add = (map, key, item) => {
  const e = map.get(key) || { name: key, bytes: 0, items: 0 };
  e.bytes += item.shallow_size;
  e.items++;
  map.set(key, e);
};
let total = 0;
let names = 0;
// The names kept by \`-g\` are not shipped: left out of every sum.
const isNames = (item) => /" subsection$|^custom section "name"/.test(item.name);
for (const item of items.items ?? items) {
  if (isNames(item)) {
    names += item.shallow_size;
    continue;
  }
  total += item.shallow_size;
  const crate = crateOf(item);
  add(byCrate, crate, item);
  if (crate.startsWith("tagmark")) add(byTagmark, crate, item);
  else {
    const owner = instantiatedFor(item.name);
    if (owner) add(generic, `${owner} ← ${crate}`, item);
  }
}
const sorted = (map) => [...map.values()].sort((a, b) => b.bytes - a.bytes);
const crates = sorted(byCrate);
// The same view, Tagmark's modules folded into one row, to compare crates with crates.
const folded = new Map();
for (const c of crates) add(folded, c.name.startsWith("tagmark") ? "tagmark (our code, all modules)" : c.name, { shallow_size: c.bytes });
const topItems = [...(items.items ?? items)].filter((i) => !isNames(i)).sort((a, b) => b.shallow_size - a.shallow_size).slice(0, 40);
const retained = (dominators.items ?? dominators).flatMap((root) => root.children ?? [root])
  .filter((d) => d.retained_size !== undefined)
  .sort((a, b) => b.retained_size - a.retained_size).slice(0, 30)
  .map((d) => ({ name: d.name, retained: d.retained_size, shallow: d.shallow_size }));

const report = {
  measured: new Date().toISOString(),
  command: "node bench/wasm-crates.mjs",
  wasm_opt: optArgs.join(" "),
  shipped: { raw: shippedBytes.length, brotli: brotli(shippedBytes) },
  named: { raw: readFileSync(named).length, names_section: names, items_total: total },
  crates: crates.map((c) => ({ ...c, percent: +(100 * c.bytes / total).toFixed(2) })),
  crates_folded: sorted(folded).map((c) => ({ name: c.name, bytes: c.bytes, percent: +(100 * c.bytes / total).toFixed(2) })),
  tagmark_modules: sorted(byTagmark),
  generic_instantiated_for_tagmark: sorted(generic).slice(0, 60),
  top_items: topItems.map((i) => ({ name: stripHash(i.name), bytes: i.shallow_size })),
  top_retained: retained,
};
writeFileSync("bench/wasm-crates.json", JSON.stringify(report, null, 2) + "\n");

const kib = (n) => (n / 1024).toFixed(1);
const table = (rows, cols) => [
  `| ${cols.map((c) => c[0]).join(" | ")} |`,
  `| ${cols.map((c, i) => (i === 0 ? "---" : "---:")).join(" | ")} |`,
  ...rows.map((r) => `| ${cols.map((c) => c[1](r)).join(" | ")} |`),
].join("\n");
const esc = (s) => "`" + s.replace(/`/g, "'").replace(/\|/g, "\\|").slice(0, 140) + "`";
const md = `# What the wasm holds

Generated by \`node bench/wasm-crates.mjs\` (${report.measured}); do not edit by hand, rerun it.
The shipped wasm (wasm-opt \`${report.wasm_opt}\`): ${report.shipped.raw.toLocaleString("en")} bytes raw,
**${report.shipped.brotli.toLocaleString("en")} bytes brotli** (${kib(report.shipped.brotli)} KiB).
The named build measured below (\`-g\` kept the names): ${report.named.raw.toLocaleString("en")} bytes,
of which ${names.toLocaleString("en")} are the names themselves (left out below) and ${total.toLocaleString("en")}
the code, data and sections measured.

**Attribution after LTO and inlining is approximate.** A function holds everything inlined
into it, so a library function inlined into one of ours counts as ours, and generic library
code (Leptos views, serde derives, \`Vec<T>\`) counts as the library even when it is only there
because one of our types instantiated it. The third table says which Tagmark module such
generic code was instantiated for. Sizes are raw bytes, not brotli: the whole wasm compresses
to ${(100 * report.shipped.brotli / report.shipped.raw).toFixed(0)} % of its raw size, and data
segments (text) compress better than code. \`tagmark (lib.rs, main.rs)\` is mostly the app
component \`Tagmark\`, which every view and effect it mounts is inlined into.

## By crate (Tagmark folded into one row)

${table(report.crates_folded.slice(0, 30), [["crate / part", (r) => r.name], ["KiB", (r) => kib(r.bytes)], ["%", (r) => r.percent.toFixed(1)]])}

## By crate, Tagmark by module

${table(report.crates.slice(0, 60), [["crate / module", (r) => r.name], ["KiB", (r) => kib(r.bytes)], ["items", (r) => r.items], ["%", (r) => r.percent.toFixed(1)]])}

## Library generic code, by the Tagmark module it was instantiated for

${table(report.generic_instantiated_for_tagmark.slice(0, 30), [["module ← crate", (r) => r.name], ["KiB", (r) => kib(r.bytes)], ["items", (r) => r.items]])}

## The 40 largest items

${table(report.top_items, [["item", (r) => esc(r.name)], ["bytes", (r) => r.bytes]])}

## Largest retained sizes (twiggy dominators, depth 2)

${table(report.top_retained, [["item", (r) => esc(r.name)], ["retained", (r) => r.retained], ["shallow", (r) => r.shallow]])}
`;
writeFileSync("bench/wasm-crates.md", md);
console.log(md.split("\n## The 40")[0]);
if (!process.env.BENCH_KEEP) rmSync(work, { recursive: true, force: true });
