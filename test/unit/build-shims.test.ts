/** The stand-in the build gives commander for node:child_process must act as the real module. */
import * as childProcess from "node:child_process";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);

describe("scripts/shims/lazy-child-process.cjs", () => {
  it("hands out the real module's functions", () => {
    const shim = require("../../scripts/shims/lazy-child-process.cjs") as typeof childProcess;
    expect(shim.spawn).toBe(childProcess.spawn);
    expect(shim.execFileSync).toBe(childProcess.execFileSync);
  });
});
