/** `--format json`: one JSON document. Row commands stream the array element by element. */
import { ROW_OBJECT } from "./columns.js";
import type { RenderContext, Renderer } from "./renderer.js";
import { safeJson } from "./sanitize.js";

function* renderJson(ctx: RenderContext): Generator<string> {
  if (ctx.command === "summarize") {
    yield `${safeJson(JSON.stringify(ctx.summary, null, 2))}\n`;
    return;
  }
  const toObject = ROW_OBJECT[ctx.command];
  if (ctx.command === "risk") {
    const { method, averageSecurityRisk, activeHosts, severities, vulnStatuses } = ctx.summary.risk;
    const head = JSON.stringify({ schemaVersion: ctx.summary.schemaVersion, method, averageSecurityRisk, activeHosts, severities, vulnStatuses }, null, 2);
    yield `${head.slice(0, -2)},\n  "hosts": [`;
  } else {
    yield "[";
  }
  let first = true;
  for (const row of ctx.rows()) {
    yield `${first ? "\n" : ",\n"}  ${safeJson(JSON.stringify(toObject(row)))}`;
    first = false;
  }
  yield ctx.command === "risk" ? `${first ? "" : "\n  "}]\n}\n` : `${first ? "" : "\n"}]\n`;
}

export const jsonRenderer: Renderer = {
  name: "json",
  description: "one JSON document (summary object, or an array of rows)",
  commands: ["summarize", "hosts", "auth", "risk"],
  render: renderJson,
};
