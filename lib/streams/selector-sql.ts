import { CHANNELS, type StreamSelector } from "@/lib/streams/stream-schemas";

// A stream's selector as a SQL condition over an events row aliased `e`, with its parameters
// appended to `params` (never interpolated). Names, metrics and patterns are OR-ed; property
// filters must all hold.

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** `checkout_*` → `checkout\_%`: * is the only wildcard a person writes. */
export const patternToLike = (pattern: string) => likeEscape(pattern).replaceAll("*", "%");

/** The event names an engagement-metric choice stands for: `<channel>_<metric>`. */
export function metricEventNames(selector: Pick<StreamSelector, "metrics" | "channels">): string[] {
  const channels = selector.channels.length ? selector.channels : CHANNELS;
  return selector.metrics.flatMap((m) => channels.map((c) => `${c}_${m}`));
}

export function selectorSql(selector: StreamSelector, params: unknown[]): string {
  const p = (v: unknown) => `$${params.push(v)}`;
  const names = [...metricEventNames(selector), ...selector.names];
  const any: string[] = [];
  if (names.length) any.push(`e.name = ANY(${p(names)}::text[])`);
  if (selector.patterns.length) any.push(`e.name LIKE ANY(${p(selector.patterns.map(patternToLike))}::text[])`);
  const all = [`(${any.join(" OR ") || "false"})`];
  for (const f of selector.filters) {
    const path = p(f.property.split("."));
    const text = `(e.properties #>> ${path}::text[])`;
    const value = Array.isArray(f.value) ? f.value : f.value === undefined ? null : String(f.value);
    switch (f.op) {
      case "exists":
        all.push(`(e.properties #> ${path}::text[]) IS NOT NULL`);
        break;
      case "not_exists":
        all.push(`(e.properties #> ${path}::text[]) IS NULL`);
        break;
      case "equals":
        all.push(`${text} = ${p(value)}::text`);
        break;
      case "not_equals":
        all.push(`${text} IS DISTINCT FROM ${p(value)}::text`);
        break;
      case "contains":
        all.push(`${text} ILIKE ${p(`%${likeEscape(String(value ?? ""))}%`)}`);
        break;
      case "in":
        all.push(`${text} = ANY(${p(Array.isArray(value) ? value : [value])}::text[])`);
        break;
    }
  }
  return all.join(" AND ");
}
