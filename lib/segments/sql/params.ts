// Bound parameters for one compiled query. Every user-supplied value (event names, keys,
// literals, timestamps) goes through here as $n with an explicit cast, so the SQL text
// itself only ever contains our own fragments and catalogue column names.
export class Params {
  readonly values: unknown[];

  /** Continue numbering after an existing query's parameters (to wrap it in a bigger statement). */
  constructor(existing: unknown[] = []) {
    this.values = [...existing];
  }

  add(value: unknown, cast: "text" | "numeric" | "jsonb" | "jsonb[]" | "text[]" | "bigint[]" | "timestamp" | "int"): string {
    this.values.push(value);
    return `$${this.values.length}::${cast}`;
  }

  /** A UTC wall-clock timestamp: the schema stores `timestamp without time zone` in UTC. */
  time(ms: number): string {
    return this.add(utcTimestamp(ms), "timestamp");
  }
}

export function utcTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace("T", " ").replace("Z", "");
}
