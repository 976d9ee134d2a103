import { sha256Hex } from "@/lib/crypto";
import { normalizeEmail, normalizePhone } from "@/lib/identity/normalize";
import { messageProblem, type MessageField } from "@/lib/ingest/check-message";
import type { ColumnTarget, ImportConfig } from "@/lib/ingest/csv/import-config";
import { parseCell, parseTimestamp } from "@/lib/ingest/csv/parse-cell";
import { MAX_ID_LENGTH } from "@/lib/ingest/limits";
import type { IngestMessage } from "@/lib/ingest/message";

// One CSV row -> a message for the shared writer, or precise errors. Errors skip the row;
// warnings (an email or phone that will not match) keep it, because the raw value is still
// stored and shows up in the identity audit. Empty cells mean "no value": they never erase.

export type RowIssue = { column: string | null; value: string | null; severity: "error" | "warning"; message: string };
export type RowResult = { message: IngestMessage | null; issues: RowIssue[] };

const MAX_CELL = 10_000;

const COLUMN_OF: Record<MessageField, ColumnTarget["to"]> = {
  externalId: "external_id",
  anonymousId: "anonymous_id",
  previousId: "external_id",
  email: "email",
  phone: "phone",
  eventName: "event_name",
  messageId: "message_id",
};

export function rowToMessage(cells: string[], header: string[], config: ImportConfig, country: string, receivedAt: Date): RowResult {
  const issues: RowIssue[] = [];
  const error = (column: string | null, value: string | null, message: string) =>
    issues.push({ column, value, severity: "error", message });
  if (cells.length !== header.length) {
    error(null, null, `row has ${cells.length} fields; the header has ${header.length}`);
    return { message: null, issues };
  }
  const m: IngestMessage = { externalId: null, anonymousId: null };
  const data: Record<string, unknown> = {};
  let name = config.eventName ?? null;
  let occurredAt: Date | null = null;
  let messageId: string | null = null;

  for (let i = 0; i < config.columns.length; i++) {
    const target = config.columns[i]!;
    const column = header[i]!;
    const raw = cells[i]!;
    if (target.to === "ignore" || raw.trim() === "") continue;
    if (raw.length > MAX_CELL) {
      error(
        column,
        `${raw.slice(0, 40)}…`,
        `value is ${raw.length.toLocaleString("en-US")} characters; the limit is ${MAX_CELL.toLocaleString("en-US")}`,
      );
      continue;
    }
    if (raw.includes("\u0000")) {
      error(column, null, "contains a NUL character, which cannot be stored");
      continue;
    }
    const value = raw.trim();
    switch (target.to) {
      case "external_id":
      case "anonymous_id":
      case "message_id":
        if (value.length > MAX_ID_LENGTH) error(column, raw, `longer than ${MAX_ID_LENGTH} characters`);
        else if (target.to === "external_id") m.externalId = value;
        else if (target.to === "anonymous_id") m.anonymousId = value;
        else messageId = value;
        break;
      case "email":
        m.email = raw;
        break;
      case "phone":
        m.phone = raw;
        break;
      case "event_name":
        name = value;
        break;
      case "timestamp":
        occurredAt = parseTimestamp(raw);
        if (!occurredAt) error(column, raw, "is not a timestamp (use ISO 8601 like 2026-06-01T10:00:00Z, or unix seconds)");
        break;
      case "attribute":
      case "property": {
        const cell = parseCell(raw, target.type);
        if (cell.ok) data[target.name] = cell.value;
        else error(column, raw, cell.error);
        break;
      }
    }
  }

  // Identifier quality: warn when a value will not match; refuse the row when nothing identifies it.
  const email = m.email ? normalizeEmail(m.email) : null;
  if (email?.error)
    issues.push({
      column: header[config.columns.findIndex((c) => c.to === "email")]!,
      value: m.email!,
      severity: "warning",
      message: `invalid email (${email.error}); kept as typed, will not match`,
    });
  const phone = m.phone ? normalizePhone(m.phone, country) : null;
  if (phone?.error)
    issues.push({
      column: header[config.columns.findIndex((c) => c.to === "phone")]!,
      value: m.phone!,
      severity: "warning",
      message: `invalid phone (${phone.error}); kept as typed, will not match`,
    });
  if (!m.externalId && !m.anonymousId && !email?.normalized) {
    error(
      null,
      null,
      m.email
        ? `no usable identifier: the email is invalid (${email?.error}) and there is no external id`
        : "no identifier: the row has no external id, email or anonymous id",
    );
  }
  if (config.kind === "events" && !name) error(null, null, "no event name");
  // A refused row reports why it was refused; warnings about its values would only be noise.
  if (issues.some((i) => i.severity === "error")) return { message: null, issues: issues.filter((i) => i.severity === "error") };

  const at = occurredAt ?? receivedAt;
  // Without a message id column, the id is derived from the row's content, so importing the same file twice stores each event once.
  const id =
    config.kind === "people"
      ? null
      : (messageId ??
        `csv:${sha256Hex(JSON.stringify([m.externalId, m.anonymousId, email?.normalized ?? null, name, at.toISOString(), data]))}`);
  const message: IngestMessage =
    config.kind === "people"
      ? { ...m, traits: data }
      : { ...m, event: { type: "track", name: name!, properties: data, messageId: id, occurredAt: at } };
  // The same length and text limits as every other way data comes in (check-message.ts).
  const problem = messageProblem(message);
  if (problem) {
    const i = config.columns.findIndex((c) => c.to === COLUMN_OF[problem.field]);
    const column = i === -1 ? null : header[i]!;
    const raw = i === -1 ? null : cells[i]!;
    return {
      message: null,
      issues: [
        {
          column,
          value: raw && raw.length > 40 ? `${raw.slice(0, 40)}…` : raw,
          severity: "error",
          message: `${column ?? (problem.field === "eventName" ? "event name" : problem.field)} ${problem.error}`,
        },
      ],
    };
  }
  return { message, issues };
}
