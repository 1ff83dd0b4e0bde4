/**
 * --group-by: one triage per customer or job. `input` and `dir` put whole inputs in a group; a
 * `column:NAME` group is the rows of a scan log with one value in that column, so one input may
 * feed several groups (a sink that routes each observation to its group's builder). IPs are
 * unique within a group, not across groups: the same private address at two customers is two hosts.
 */
import { dirname } from "node:path";
import { UsageError } from "../errors.js";
import { reportSink, type InputReport } from "../aggregate/input-report.js";
import type { TriageBuilder } from "../aggregate/triage-builder.js";
import type { ObservationSink } from "../formats/reader.js";

export type GroupBy = { readonly kind: "input" } | { readonly kind: "dir" } | { readonly kind: "column"; readonly column: string };

/** The choices of --group-by, for the option's help and its error message. */
export const GROUP_BY_CHOICES = ["input", "dir", "column:NAME"] as const;

export function parseGroupBy(text: string): GroupBy {
  const t = text.trim();
  if (t === "input" || t === "dir") return { kind: t };
  if (t.startsWith("column:")) {
    const column = t.slice("column:".length).trim();
    if (column === "") throw new UsageError('--group-by column:NAME needs the column\'s name, for example --group-by "column:Job Name"');
    return { kind: "column", column };
  }
  throw new UsageError(`unknown --group-by "${text}"; choose one of: ${GROUP_BY_CHOICES.join(", ")}`);
}

/** The group of a whole input (input, dir); null for column groups, which are decided row by row. */
export function inputGroupKey(groupBy: GroupBy, path: string): string | null {
  if (groupBy.kind === "input") return path;
  if (groupBy.kind === "dir") return path === "-" ? "-" : dirname(path);
  return null;
}

/** The rows of one input, each sent to the builder of its column's value. */
export interface RoutedInput {
  readonly sink: ObservationSink;
  /** After the read: the reports this input got in each group's builder. */
  readonly groupReports: () => readonly InputReport[];
}

/**
 * A sink that sends host observations to the group named by their `group` (the column's value; ""
 * when the row has none, or the input has no such column) and everything about the file as a
 * whole (skips, warnings, stated figures) to the file's own report.
 */
export function routeByColumn(path: string, file: InputReport, builderFor: (key: string) => TriageBuilder): RoutedInput {
  const targets = new Map<string, { index: number; sink: ObservationSink; report: InputReport }>();
  const target = (key: string) => {
    let t = targets.get(key);
    if (t === undefined) {
      t = builderFor(key).sinkFor(path);
      targets.set(key, t);
    }
    return t;
  };
  const sink: ObservationSink = {
    host: (o) => {
      file.classified++;
      const t = target(o.group ?? "");
      t.sink.host({ ...o, input: t.index });
    },
    range: (o) => {
      const t = target("");
      t.sink.range({ ...o, input: t.index });
    },
    hostnameTarget: (o) => {
      const t = target("");
      t.sink.hostnameTarget({ ...o, input: t.index });
    },
    ...reportSink(file),
  };
  return { sink, groupReports: () => [...targets.values()].map((t) => t.report) };
}
