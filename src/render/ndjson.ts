/** `--format ndjson`: one JSON object per line, streamed (row commands only). */
import { ROW_OBJECT } from "./columns.js";
import type { RenderContext, Renderer } from "./renderer.js";
import { safeJson } from "./sanitize.js";

function* renderNdjson(ctx: RenderContext): Generator<string> {
  if (ctx.command === "summarize") return;
  const toObject = ROW_OBJECT[ctx.command];
  for (const row of ctx.rows()) yield `${safeJson(JSON.stringify(toObject(row)))}\n`;
}

export const ndjsonRenderer: Renderer = {
  name: "ndjson",
  description: "one JSON object per line, streamed (hosts, auth, risk)",
  commands: ["hosts", "auth", "risk"],
  render: renderNdjson,
};
