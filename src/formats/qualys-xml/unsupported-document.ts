/**
 * Documents that are not host scans. A SIMPLE_RETURN is the API's error answer: read on to quote
 * its text. Anything else is refused as soon as its root element is seen.
 */
import { InputError } from "../../errors.js";
import type { XmlHandler } from "../../parse/xml/tokenizer.js";

const DETECTIONS = "download the host list detection instead (/api/2.0/fo/asset/host/vm/detection/, <HOST_LIST_VM_DETECTION_OUTPUT>)";
const SCAN_RESULTS =
  "fetch one scan's results instead (/api/2.0/fo/scan/?action=fetch, XML or JSON) or its scan summary (/api/2.0/fo/scan/summary/)";

interface OtherDocument {
  readonly root: string | RegExp;
  readonly what: string;
  /** The export that holds what this tool needs, where there is one. */
  readonly instead?: string;
}

/** Recognisably Qualys but not readable here. The first match wins: exact roots before patterns. */
const OTHER_QUALYS: readonly OtherDocument[] = [
  { root: "HOST_LIST_OUTPUT", what: "a Qualys host list without detections", instead: DETECTIONS },
  { root: "SCAN_LIST_OUTPUT", what: "a Qualys scan list (the scans launched, not their results)", instead: SCAN_RESULTS },
  { root: "ServiceResponse", what: "a Qualys Portal (QPS) REST API answer, such as an asset or host asset search", instead: DETECTIONS },
  { root: "KNOWLEDGE_BASE_VULN_LIST_OUTPUT", what: "a Qualys KnowledgeBase list (vulnerability descriptions, no hosts)" },
  { root: "REPORT_LIST_OUTPUT", what: "a Qualys report list", instead: "download the report itself as XML (/api/2.0/fo/report/?action=fetch)" },
  { root: "ASSET_GROUP_LIST_OUTPUT", what: "a Qualys asset group list, not scan results", instead: SCAN_RESULTS },
  { root: "IP_LIST_OUTPUT", what: "a Qualys list of the subscription's IPs, not scan results", instead: SCAN_RESULTS },
  { root: /^WAS_/, what: "a Qualys web application scan (WAS) document: web applications, not a host scan" },
  { root: /_OUTPUT$/, what: "a Qualys API answer that is not scan results", instead: SCAN_RESULTS },
];

function describe(root: string): string | null {
  const known = OTHER_QUALYS.find((d) => (typeof d.root === "string" ? d.root === root : d.root.test(root)));
  if (!known) return null;
  return known.instead ? `${known.what}: ${known.instead}` : known.what;
}

/** A known other document says what to download instead; an unknown one lists the XML documents read. */
export function refuseRoot(path: string, root: string, supported: readonly { root: string; description: string }[]): never {
  const known = describe(root);
  if (known !== null) throw new InputError(path, `root element <${root}> is ${known}`);
  const list = supported.map((s) => `<${s.root}> (${s.description})`).join(", ");
  throw new InputError(path, `root element <${root}> is not a supported document; the XML documents read are ${list}`);
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
