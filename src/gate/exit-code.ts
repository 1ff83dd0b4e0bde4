/** Exit codes of the contract: 0 ran and no gate failed, 1 a gate failed, 2 usage or input error. */
import type { GateResult } from "./gates.js";

export const EXIT_OK = 0;
export const EXIT_GATE_FAILED = 1;
export const EXIT_BAD_INPUT = 2;

export function exitCodeFor(gates: readonly GateResult[]): number {
  return gates.some((g) => !g.passed) ? EXIT_GATE_FAILED : EXIT_OK;
}
