// Transfer size of the release build: raw, gzip (level 9) and brotli (quality 11)
// for every file in dist/, and the total. Run after `trunk build --release`:
//   node bench/size.mjs            (prints a table; writes bench/size.json)
// BENCH_DIST=<dir> measures another build directory.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";

const dist = process.env.BENCH_DIST || "dist";
const files = readdirSync(dist).filter((f) => /\.(html|js|wasm|css)$/.test(f));
const rows = files.map((name) => {
  const data = readFileSync(`${dist}/${name}`);
  return {
    name,
    raw: data.length,
    gzip: gzipSync(data, { level: 9 }).length,
    brotli: brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
});
const total = rows.reduce((t, r) => ({ name: "total", raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), { raw: 0, gzip: 0, brotli: 0 });
const kib = (n) => (n / 1024).toFixed(1).padStart(8);
console.log("file".padEnd(40), "raw KiB".padStart(8), "gzip KiB".padStart(8), "br KiB".padStart(8));
for (const r of [...rows, total]) console.log(r.name.padEnd(40), kib(r.raw), kib(r.gzip), kib(r.brotli));
writeFileSync("bench/size.json", JSON.stringify({ measured: new Date().toISOString(), files: rows, total }, null, 2) + "\n");
