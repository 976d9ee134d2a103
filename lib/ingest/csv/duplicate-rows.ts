import { normalizeEmail } from "@/lib/identity/normalize";
import type { ImportConfig } from "@/lib/ingest/csv/import-config";
import type { RowIssue } from "@/lib/ingest/csv/row-to-message";
import type { IngestMessage } from "@/lib/ingest/message";

// The same person twice in one people file (or the same message id twice in one events file)
// is almost always a mistake in the export, and the later row would silently overwrite the
// earlier one. The first row is imported; every later one is refused and names the line it
// repeats, so the error file says exactly what to fix. Memory: one entry per distinct key.

export class DuplicateRows {
  private readonly seen = new Map<string, number>();

  constructor(private readonly config: ImportConfig) {}

  private columnOf(to: string, header: string[]): string | null {
    const i = this.config.columns.findIndex((c) => c.to === to);
    return i === -1 ? null : (header[i] ?? null);
  }

  /** The issue for a row that repeats an earlier one, or null (and remembers the row). */
  check(m: IngestMessage, header: string[], line: number): RowIssue | null {
    let key: string | null = null;
    let column: string | null = null;
    let value: string | null = null;
    let what = "";
    if (this.config.kind === "people") {
      if (m.externalId)
        [key, column, value, what] = [`id:${m.externalId}`, this.columnOf("external_id", header), m.externalId, "external id"];
      else if (m.email) {
        const email = normalizeEmail(m.email).normalized;
        if (email) [key, column, value, what] = [`email:${email}`, this.columnOf("email", header), m.email.trim(), "email"];
      }
    } else if (this.columnOf("message_id", header) && m.event?.messageId) {
      [key, column, value, what] = [`msg:${m.event.messageId}`, this.columnOf("message_id", header), m.event.messageId, "message id"];
    }
    if (!key) return null;
    const first = this.seen.get(key);
    if (first === undefined) {
      this.seen.set(key, line);
      return null;
    }
    return {
      column,
      value,
      severity: "error",
      message: `duplicate: the same ${what} is already on line ${first}; only the first row is imported`,
    };
  }
}
