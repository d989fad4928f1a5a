// The peer page of bench/run.mjs: @recogito/text-annotator (UMD global RecogitoJS) on
// the same text and the same stored annotations as Tagmark.
//
//   /peer/?doc=seed&renderer=SPANS        (or renderer=CSS_HIGHLIGHTS, doc=1m)
//
// Like a small real app: fetch the text (doc-<doc>.txt, Tagmark's canonical text: the
// blocks joined by "\n"), render it as <h1>/<p> blocks with "\n" text nodes between
// them (so the container's textContent is exactly that text and the peer's UTF-16
// offsets line up), let it paint, read the stored annotations from localStorage, hand
// them to the annotator with setAnnotations, and save every change back (when idle).
"use strict";
(async () => {
  const KEY = "peer-bench:annotations";
  const params = new URLSearchParams(location.search);
  const renderer = params.get("renderer") || "SPANS";
  const response = await fetch(`doc-${params.get("doc") || "seed"}.txt`);
  const text = await response.text();

  const container = document.getElementById("doc");
  const fragment = document.createDocumentFragment();
  text.split("\n").forEach((block, i) => {
    if (i > 0) fragment.append("\n");
    const element = document.createElement(i === 0 ? "h1" : "p");
    element.textContent = block;
    fragment.append(element);
  });
  container.append(fragment);
  performance.mark("peer:text-in-dom");
  // Let the text paint before anchoring the annotations (for 1,000,000 characters and
  // 10,000 annotations setAnnotations is one task of about a minute). Two timeouts after
  // the frame, so other work queued right after it (the harness's post-frame check) runs
  // before this long task.
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(() => setTimeout(resolve, 0), 0)));

  // Stored rows: [id, tag, start, end, quote], offsets in UTF-16 units of the text.
  const rows = JSON.parse(localStorage.getItem(KEY) || "[]");
  const FILL = { quote: "#f2c94c", statistic: "#56ccf2", event: "#6fcf97" };
  const tagOf = (annotation) => annotation.bodies.find((b) => b.purpose === "tagging")?.value;
  const toAnnotation = ([id, tag, start, end, quote]) => ({
    id,
    bodies: [{ id: `${id}-tag`, annotation: id, purpose: "tagging", value: tag }],
    target: { annotation: id, selector: [{ quote, start, end }] },
  });
  const toRow = (a) => {
    const { quote, start, end } = a.target.selector[0];
    return [a.id, tagOf(a) || "quote", start, end, quote];
  };

  performance.mark("peer:annotator-start");
  const anno = RecogitoJS.createTextAnnotator(container, {
    renderer,
    style: (annotation, state) => ({ fill: FILL[tagOf(annotation)] || "#bb86fc", fillOpacity: state?.selected ? 0.6 : 0.35 }),
  });
  const redraws = [];
  anno.renderer.on("onRedraw", () => redraws.push(performance.now()));
  anno.setAnnotations(rows.map(toAnnotation));
  const loadedAt = performance.now();

  let pending = false;
  const save = () => {
    if (pending) return;
    pending = true;
    requestIdleCallback(() => {
      pending = false;
      performance.mark("peer:save-start");
      localStorage.setItem(KEY, JSON.stringify(anno.getAnnotations().map(toRow)));
      performance.measure("peer:save", "peer:save-start");
    }, { timeout: 1000 });
  };
  for (const event of ["createAnnotation", "updateAnnotation", "deleteAnnotation"]) anno.on(event, save);

  window.__peer = { anno, renderer, loadedAt, redraws, count: rows.length };
})();
