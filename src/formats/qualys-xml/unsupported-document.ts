/**
 * Documents that are not host scans. A SIMPLE_RETURN is the API's error answer: read on to quote
 * its text. Anything else is refused as soon as its root element is seen.
 */
import { lookup } from "../../parse/lookup.js";
import { InputError } from "../../errors.js";
import type { XmlHandler } from "../../parse/xml/tokenizer.js";

const KNOWN_OTHER: Readonly<Record<string, string>> = {
  KNOWLEDGE_BASE_VULN_LIST_OUTPUT: "a Qualys KnowledgeBase list, not scan results",
  WAS_SCAN_REPORT: "a Qualys web application scan report, not a host scan",
  SCAN_LIST_OUTPUT: "a Qualys scan list, not scan results",
  HOST_LIST_OUTPUT: "a Qualys host list without detections",
};

export function refuseRoot(path: string, root: string, supported: readonly { root: string; description: string }[]): never {
  const what = lookup(KNOWN_OTHER, root) ?? "not a supported document";
  const list = supported.map((s) => `<${s.root}> (${s.description})`).join(", ");
  throw new InputError(path, `root element <${root}> is ${what}; supported: ${list}, or a scan-log CSV`);
}

/** Collects CODE and TEXT of a SIMPLE_RETURN so the refusal can quote them. */
export class SimpleReturnHandler implements XmlHandler {
  private readonly fields: Record<string, string> = {};
  private current: string | null = null;

  constructor(private readonly path: string) {}

  onOpen(name: string): boolean {
    this.current = name === "CODE" || name === "TEXT" ? name : null;
    return this.current !== null;
  }

  onText(text: string): void {
    if (this.current) this.fields[this.current] = text.trim().replace(/\s+/g, " ");
  }

  onClose(): void {
    this.current = null;
  }

  finish(): never {
    const code = this.fields.CODE ? ` ${this.fields.CODE}` : "";
    const text = this.fields.TEXT ? `: "${this.fields.TEXT}"` : "";
    throw new InputError(this.path, `root element <SIMPLE_RETURN> is a Qualys API error answer, not scan results (error${code}${text})`);
  }
}
