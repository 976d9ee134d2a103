import { defaultCountry } from "@/lib/identity/default-country";
import { normalizeEmail, normalizePhone } from "@/lib/identity/normalize";
import type { ImportConfig } from "@/lib/ingest/csv/import-config";
import { DuplicateRows } from "@/lib/ingest/csv/duplicate-rows";
import { rowToMessage, type RowIssue } from "@/lib/ingest/csv/row-to-message";

// The import preview: the first rows run through the same row parser and normalizer as the
// import itself, so what the browser shows is what will be stored (or refused, and why).

export type PreviewRow = {
  row: number;
  /** The row's line in the file (a quoted cell can span lines). */
  line: number;
  accepted: boolean;
  externalId: string | null;
  email: { raw: string; normalized: string | null; error: string | null } | null;
  phone: { raw: string; normalized: string | null; error: string | null } | null;
  event: { name: string; occurredAt: string } | null;
  values: Record<string, unknown>;
  issues: RowIssue[];
};

export async function previewRows(config: ImportConfig, header: string[], rows: string[][], lines?: number[]): Promise<PreviewRow[]> {
  const country = await defaultCountry();
  const now = new Date();
  const duplicates = new DuplicateRows(config);
  return rows.map((cells, i) => {
    const line = lines?.[i] ?? i + 2;
    const result = rowToMessage(cells, header, config, country, now);
    // The same in-file duplicate rule as the import: a repeated person previews as refused.
    const duplicate = result.message ? duplicates.check(result.message, header, line) : null;
    const { message, issues } = duplicate ? { message: null, issues: [duplicate] } : result;
    const email = message?.email ? normalizeEmail(message.email) : null;
    const phone = message?.phone ? normalizePhone(message.phone, country) : null;
    return {
      row: i + 1,
      line,
      accepted: !!message,
      externalId: message?.externalId ?? null,
      email: email && message?.email ? { raw: message.email, normalized: email.normalized, error: email.error ?? null } : null,
      phone: phone && message?.phone ? { raw: message.phone, normalized: phone.e164, error: phone.error ?? null } : null,
      event: message?.event ? { name: message.event.name, occurredAt: message.event.occurredAt.toISOString() } : null,
      values: message?.event?.properties ?? message?.traits ?? {},
      issues,
    };
  });
}
