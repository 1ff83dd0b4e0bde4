/**
 * Counts scanned hosts that are not in the TARGET list, host by host as they close, so that the
 * SCAN reader need not keep every host until the end. Hosts read before the HEADER (whose TARGET
 * key says what to compare with) wait in a list; the usual file has its HEADER first.
 */
import type { ParsedIp } from "../../net/ip.js";
import { rangeIndex, type TargetList } from "../../net/target-list.js";

interface ScannedHost {
  readonly ip: string;
  readonly address: ParsedIp;
  readonly name: string | null;
}

const EXAMPLES = 5;

export class OutsideTargets {
  private test: ((host: ScannedHost) => boolean) | null = null;
  private pending: ScannedHost[] = [];
  count = 0;
  readonly examples: string[] = [];

  /** The TARGET list is known: check the hosts that waited for it, and the rest as they come. */
  setTargets(targets: TargetList): void {
    const inRanges = rangeIndex(targets.ranges);
    // A host that answered a hostname target is in the list even though its address is not.
    const named = new Set(targets.hostnames.map((h) => h.toLowerCase()));
    const none = targets.ranges.length === 0;
    this.test = (h) => !none && !(h.name !== null && named.has(h.name.toLowerCase())) && !inRanges(h.address.family, h.address.value);
    for (const h of this.pending) this.check(h);
    this.pending = [];
  }

  add(host: ScannedHost): void {
    if (this.test) this.check(host);
    else this.pending.push(host);
  }

  /** The count and examples of hosts checked elsewhere, after these (a split SCAN's parts). */
  absorb(count: number, examples: readonly string[]): void {
    this.count += count;
    for (const ip of examples) if (this.examples.length < EXAMPLES) this.examples.push(ip);
  }

  private check(host: ScannedHost): void {
    if (!this.test?.(host)) return;
    this.count++;
    if (this.examples.length < EXAMPLES) this.examples.push(host.ip);
  }
}
