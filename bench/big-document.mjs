// The generated document both benchmarks open: the article repeated with
// variation to about 1,000,000 code points, written next to the build and
// opened with ?doc=/bench-1m.txt. Returns its length in code points.
import { readFileSync, writeFileSync } from "node:fs";

export function writeBigDocument(dist) {
  const article = readFileSync("content/article.txt", "utf8");
  const parts = [];
  let length = 0;
  for (let i = 1; length < 1_000_000; i++) {
    const copy = i === 1 ? article : `\n\n（第${i}期）\n\n` + article.replaceAll("2020年", `${2000 + (i % 25)}年`);
    parts.push(copy);
    length += [...copy].length;
  }
  writeFileSync(`${dist}/bench-1m.txt`, parts.join(""));
  return length;
}
