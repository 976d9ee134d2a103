import { once } from "node:events";
import { finished } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { isoTimestamp } from "@/lib/demo/time";
import { generateDemo, type DemoEvent, type DemoProfile, type GenerateOptions } from "@/lib/demo/generate";

// COPY ... FROM STDIN in Postgres' text format: one line per row, tab-separated, \N for
// NULL, backslash escapes. Text beats CSV here because it needs no quoting of JSON.

const NULL = "\\N";
const SPECIAL = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

export function copyValue(value: string | null | undefined): string {
  if (value === null || value === undefined) return NULL;
  return SPECIAL.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : value;
}

// timestamp(3) columns hold UTC; Postgres ignores the "Z" for `timestamp without time zone`.
const ts = isoTimestamp;

export const PROFILE_COLUMNS = [
  "id",
  "external_id",
  "anonymous_ids",
  "email_raw",
  "email",
  "email_sha256",
  "email_error",
  "phone_raw",
  "phone",
  "phone_sha256",
  "phone_valid",
  "phone_error",
  "attributes",
  "is_test",
  "first_seen_at",
  "last_seen_at",
  "created_at",
] as const;

// Absent identifiers are NULL throughout (no "missing" error, no phone_valid).
export function profileLine(p: DemoProfile): string {
  const hasPhone = p.phone.raw !== null;
  return (
    [
      String(p.id),
      copyValue(p.externalId),
      p.anonymousId ? `{${p.anonymousId}}` : "{}",
      copyValue(p.email.raw),
      copyValue(p.email.normalized),
      copyValue(p.email.sha256),
      p.email.raw === null ? NULL : copyValue(p.email.error),
      copyValue(p.phone.raw),
      copyValue(p.phone.e164),
      copyValue(p.phone.sha256),
      hasPhone ? (p.phone.valid ? "t" : "f") : NULL,
      hasPhone ? copyValue(p.phone.error) : NULL,
      copyValue(JSON.stringify(p.attributes)),
      p.isTest ? "t" : "f",
      ts(p.firstSeenAt),
      ts(p.lastSeenAt),
      ts(p.firstSeenAt),
    ].join("\t") + "\n"
  );
}

// received_at = occurred_at: the demo pretends every event arrived when it happened.
export const EVENT_COLUMNS = ["profile_id", "name", "properties", "message_id", "occurred_at", "received_at"] as const;

/** `properties` is the COPY-escaped JSON, so callers can reuse it across events sharing one object. */
export function eventLine(profileId: string, e: DemoEvent, properties = propertiesValue(e)): string {
  const at = ts(e.occurredAt);
  return `${profileId}\t${e.name}\t${properties}\t${copyValue(e.messageId)}\t${at}\t${at}\n`;
}

export const propertiesValue = (e: DemoEvent) => copyValue(JSON.stringify(e.properties));

const CHUNK_CHARS = 256 * 1024;

/**
 * A COPY FROM STDIN stream fed with lines. Lines are batched into ~256 KB chunks; when
 * the socket is full, `push` returns a promise to await (backpressure), so memory stays
 * flat however many rows go through.
 */
export class CopySink {
  rows = 0;
  private buffer = "";
  private failure: Error | undefined;

  private constructor(private readonly stream: ReturnType<typeof copyFrom>) {
    // Keep an early server error (bad row, constraint) from crashing the process; it is rethrown on the next push.
    stream.on("error", (e: Error) => (this.failure ??= e));
  }

  static open(client: pg.Client, table: string, columns: readonly string[], opts: { freeze?: boolean } = {}): CopySink {
    const sql = `COPY "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) FROM STDIN${opts.freeze ? " WITH (FREEZE)" : ""}`;
    return new CopySink(client.query(copyFrom(sql)));
  }

  /** Returns a promise only when the caller must wait; `if (p) await p` keeps the hot loop cheap. */
  push(line: string): Promise<void> | undefined {
    this.buffer += line;
    this.rows++;
    return this.buffer.length >= CHUNK_CHARS ? this.flush() : undefined;
  }

  async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.buffer) return;
    const ok = this.stream.write(this.buffer);
    this.buffer = "";
    if (!ok) await once(this.stream, "drain");
  }

  /** Sends the rest, ends the COPY, and resolves once Postgres has committed it. */
  async end(): Promise<number> {
    await this.flush();
    this.stream.end();
    await finished(this.stream);
    return this.rows;
  }

  /** Aborts the COPY (Postgres rolls it back). */
  abort(reason: Error) {
    this.stream.destroy(reason);
  }
}

const PROGRESS_EVERY = 10_000;

/**
 * Streams the generator into the given sinks (either or both), honouring backpressure.
 * Returns how many people and events were generated.
 */
export async function pump(
  gen: GenerateOptions,
  sinks: { profiles?: CopySink; events?: CopySink },
  progress: (profiles: number, events: number) => void,
): Promise<{ profiles: number; events: number }> {
  const { profiles, events } = sinks;
  let people = 0;
  let eventCount = 0;
  const serialized = new Map<object, string>();
  for (const { profile, events: rows } of generateDemo(gen)) {
    if (profiles) {
      const wait = profiles.push(profileLine(profile));
      if (wait) await wait;
    }
    if (events) {
      const id = String(profile.id);
      for (const e of rows) {
        // A delivery's sent/delivered/opened/clicked events share one properties object: serialize it once.
        let json = serialized.get(e.properties);
        if (json === undefined) serialized.set(e.properties, (json = propertiesValue(e)));
        const wait = events.push(eventLine(id, e, json));
        if (wait) await wait;
      }
      serialized.clear();
    }
    eventCount += rows.length;
    if (++people % PROGRESS_EVERY === 0) progress(people, eventCount);
  }
  progress(people, eventCount);
  return { profiles: people, events: eventCount };
}
