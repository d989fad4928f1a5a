// Draws the app icons (pwa/icon-192.png, pwa/icon-512.png) from pwa/icon.svg
// in headless Chromium, so that no image tool is needed:
//   node scripts/icons.mjs
// The icon is a few flat colours, so it is written as a palette PNG (at most
// 256 colours, the antialiased edges mapped to the nearest): a quarter of
// the size of Chromium's RGBA screenshot, and the worker downloads it on a
// first visit.
import { chromium } from "@playwright/test";
import { readFileSync, writeFileSync } from "node:fs";
import { crc32, deflateSync } from "node:zlib";

const svg = readFileSync(new URL("../pwa/icon.svg", import.meta.url), "utf8");

/** The RGBA pixels of the SVG drawn at `size` × `size`. */
async function pixels(page, size) {
  const data = await page.evaluate(
    async ({ svg, size }) => {
      const img = new Image();
      img.src = `data:image/svg+xml;base64,${btoa(svg)}`;
      await img.decode();
      const canvas = Object.assign(document.createElement("canvas"), { width: size, height: size });
      const ctx = canvas.getContext("2d");
      ctx.drawImage(img, 0, 0, size, size);
      return [...ctx.getImageData(0, 0, size, size).data];
    },
    { svg, size },
  );
  return Uint8Array.from(data);
}

/** The pixel at byte `i` as one number, 0xRRGGBBAA. */
const colourAt = (rgba, i) => ((rgba[i] << 24) | (rgba[i + 1] << 16) | (rgba[i + 2] << 8) | rgba[i + 3]) >>> 0;

/** A palette PNG of `rgba`: the 256 commonest colours, every pixel mapped to the nearest. */
function palettePng(rgba, size) {
  const counts = new Map();
  for (let i = 0; i < rgba.length; i += 4) {
    const key = colourAt(rgba, i);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const palette = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 256).map(([k]) => [k >>> 24, (k >>> 16) & 255, (k >>> 8) & 255, k & 255]);
  const nearest = new Map();
  const indexOf = (key) => {
    if (!nearest.has(key)) {
      const c = [key >>> 24, (key >>> 16) & 255, (key >>> 8) & 255, key & 255];
      let best = 0;
      let bestD = Infinity;
      palette.forEach((p, i) => {
        const d = p.reduce((s, v, j) => s + (v - c[j]) ** 2, 0);
        if (d < bestD) [best, bestD] = [i, d];
      });
      nearest.set(key, best);
    }
    return nearest.get(key);
  };
  const rows = Buffer.alloc(size * (size + 1));
  for (let y = 0; y < size; y++) {
    rows[y * (size + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      const key = colourAt(rgba, i);
      rows[y * (size + 1) + 1 + x] = indexOf(key);
    }
  }
  const chunk = (type, body) => {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(body.length);
    const typed = Buffer.concat([Buffer.from(type, "latin1"), body]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typed));
    return Buffer.concat([head, typed, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 3, 0, 0, 0], 8); // 8-bit palette indices
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("PLTE", Buffer.from(palette.flatMap((p) => p.slice(0, 3)))),
    chunk("tRNS", Buffer.from(palette.map((p) => p[3]))),
    chunk("IDAT", deflateSync(rows, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ["--headless=new", "--no-sandbox"] });
const page = await browser.newPage();
for (const size of [192, 512]) {
  const png = palettePng(await pixels(page, size), size);
  writeFileSync(new URL(`../pwa/icon-${size}.png`, import.meta.url), png);
  console.log(`icons: pwa/icon-${size}.png, ${png.length} bytes`);
}
await browser.close();
