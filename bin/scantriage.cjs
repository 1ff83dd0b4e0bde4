#!/usr/bin/env node
"use strict";
// The command line. Loads the bundle through bin/load-bundle.cjs (with V8's code cache: see there).
require("./load-bundle.cjs").loadBundle().main(process.argv);
