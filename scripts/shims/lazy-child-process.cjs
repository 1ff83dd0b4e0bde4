"use strict";
/**
 * Bundled in place of node:child_process for commander only (see scripts/build.mjs). Commander
 * requires it when it loads, to spawn executable subcommands, which scantriage has none of;
 * loading it pulls in net, dgram and streams, ~3 ms of every start. This stand-in loads the real
 * module on first use, so behaviour is unchanged if it is ever used.
 */
let real;
module.exports = new Proxy(
  {},
  {
    get(_target, key) {
      real ??= require("node:child_process");
      return real[key];
    },
  },
);
