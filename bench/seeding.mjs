// The benchmark's pre-seeded work: N annotations at deterministic random places of a
// text, stored the way Tagmark stores them (so a page opens with them, as after a
// reload). Shared by bench/run.mjs and bench/profile.mjs.

/** Deterministic pseudo-random numbers, so every run seeds the same annotations. */
export function rng(seed) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
}

/** Tagmark's quote hash (FNV-1a, 32 bits, over UTF-8). */
export const fnv32 = (s) => {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(s)) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h.toString(16).padStart(8, "0");
};

/** Tagmark's document id of a canonical text (FNV-1a, 64 bits). */
export const fnv64 = (s) => {
  let h = 0xcbf29ce484222325n;
  for (const b of new TextEncoder().encode(s)) h = ((h ^ BigInt(b)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return `doc-${h.toString(16).padStart(16, "0")}`;
};

/** The N seeded annotations of `chars` (the text as code points): id, tag index, start, end, quote. */
export function seedAnnotations(chars, n) {
  const random = rng(42 + n);
  const out = [];
  for (let i = 0; i < n; i++) {
    const len = 2 + Math.floor(random() * 10);
    const start = Math.floor(random() * (chars.length - len));
    out.push({ id: `bench-${i}`, tag: i % 3, start, end: start + len, quote: chars.slice(start, start + len).join("") });
  }
  return out;
}

/** Tagmark's stored value (localStorage key and value) for `seeded` on `text`. */
export function seedValue(text, seeded) {
  const annotations = seeded.map((a) => [a.id, "qse"[a.tag], a.start, a.end, "2026-01-01T00:00:00.000Z", "", fnv32(a.quote), ""]);
  annotations.sort((a, b) => a[2] - b[2] || b[3] - a[3]);
  const docId = fnv64(text);
  return { key: `tagmark:v2:${docId}:a`, value: JSON.stringify({ format: "tagmark-store", version: 2, document: docId, generation: 1, annotations, history: {} }) };
}
