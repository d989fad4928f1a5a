// The package's UMD bundle (dist/text-annotator.umd.js, 4.1.1) still contains one
// `process.env.NODE_ENV` check (from nanostores) and throws "process is not defined"
// in a browser without a bundler. A page that loads the UMD directly needs this shim.
"use strict";
window.process = window.process || { env: { NODE_ENV: "production" } };
