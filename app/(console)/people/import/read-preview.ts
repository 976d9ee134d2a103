import type { ColumnTarget, ImportKind, ValueType } from "@/lib/ingest/csv/import-config";
import { parseRecords } from "@/lib/ingest/csv/parse-records";
import { notTextReason, SNIFF_BYTES } from "@/lib/ingest/csv/sniff-text";
import { CsvRecordSplitter } from "@/lib/ingest/csv/split-records";

// In the browser: the first rows of the chosen file, read from a slice of it (never the whole
// file), with a guessed delimiter and a guessed mapping for each column. Split and parsed by
// the same code as the import, so a row the import will refuse (an unclosed quote) is one
// refused row here too, not a file that "cannot be read".

const SLICE_BYTES = 256 * 1024;
const DELIMITERS = [",", ";", "\t", "|"] as const;
export type Delimiter = (typeof DELIMITERS)[number];
export type Preview = {
  header: string[];
  rows: string[][];
  lines: number[];
  delimiter: Delimiter;
  unreadable: { line: number; error: string }[];
};

function detectDelimiter(firstLine: string): Delimiter {
  const counts = DELIMITERS.map((d) => firstLine.split(d).length - 1);
  return DELIMITERS[counts.indexOf(Math.max(...counts))] ?? ",";
}

export async function readPreview(file: File, maxRows = 20): Promise<Preview> {
  const bytes = new Uint8Array(await file.slice(0, SLICE_BYTES).arrayBuffer());
  const notText = notTextReason(bytes.subarray(0, SNIFF_BYTES));
  if (notText) throw new Error(notText);
  let text = new TextDecoder("utf-8").decode(bytes);
  if (file.size > SLICE_BYTES) text = text.slice(0, text.lastIndexOf("\n") + 1);
  const delimiter = detectDelimiter(text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "");
  const splitter = new CsvRecordSplitter(delimiter);
  const parsed = parseRecords([...splitter.push(text), ...splitter.end()], delimiter);
  const [first, ...rest] = parsed;
  if (!first) throw new Error("The file is empty.");
  if (first.kind === "unreadable") throw new Error(`the header row cannot be read: ${first.error}`);
  const rows = rest.slice(0, maxRows);
  return {
    header: first.cells.map((h) => h.trim()),
    rows: rows.flatMap((r) => (r.kind === "row" ? [r.cells] : [])),
    lines: rows.flatMap((r) => (r.kind === "row" ? [r.line] : [])),
    unreadable: rows.flatMap((r) => (r.kind === "unreadable" ? [{ line: r.line, error: r.error }] : [])),
    delimiter,
  };
}

const snake = (s: string) =>
  s
    .trim()
    .replace(/([a-z])([A-Z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .replace(/^_|_$/g, "")
    .toLowerCase() || "column";

function guessType(samples: string[]): ValueType {
  const values = samples.map((s) => s.trim()).filter(Boolean);
  if (!values.length) return "text";
  if (values.every((v) => /^[-+]?(\d+\.?\d*|\.\d+)$/.test(v))) return "number";
  if (values.every((v) => /^(true|false|yes|no)$/i.test(v))) return "boolean";
  if (values.every((v) => /^\d{4}-\d{2}-\d{2}/.test(v))) return "date";
  return "text";
}

export function guessTarget(header: string, samples: string[], kind: ImportKind): ColumnTarget {
  const h = snake(header);
  if (/^(external_id|user_id|userid|customer_id|id|crm_id)$/.test(h)) return { to: "external_id" };
  if (/^(e_?mail|email_address)$/.test(h)) return { to: "email" };
  if (/^(phone|phone_number|mobile|tel|telephone|sms)$/.test(h)) return { to: "phone" };
  if (/^(anonymous_id|anon_id)$/.test(h)) return { to: "anonymous_id" };
  if (kind === "events") {
    if (/^(event|event_name|name)$/.test(h)) return { to: "event_name" };
    if (/^(timestamp|time|occurred_at|date|created_at)$/.test(h)) return { to: "timestamp" };
    if (/^(message_id|event_id)$/.test(h)) return { to: "message_id" };
    return { to: "property", name: h, type: guessType(samples) };
  }
  return { to: "attribute", name: h, type: guessType(samples) };
}
