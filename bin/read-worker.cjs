"use strict";
// A worker thread of --jobs: the bundle's reader loop (src/pipeline/parallel-read.ts), loaded like the CLI.
require("./load-bundle.cjs").loadBundle().runReadWorker();
