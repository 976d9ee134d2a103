import { parse } from "csv-parse/browser/esm/sync";
import type { SplitItem } from "@/lib/ingest/csv/split-records";

// Records from the splitter -> cells, with csv-parse doing the cell rules (quotes, escapes).
// A group of records is parsed in one call (fast); when that fails, each record on its own,
// so a record csv-parse cannot read becomes one unreadable row with its line number.
// Browser-safe, like the splitter.

export type CsvRow = { kind: "row"; cells: string[]; line: number } | { kind: "unreadable"; line: number; error: string };

const options = (delimiter: string) => ({ delimiter, relax_quotes: true, relax_column_count: true, skip_empty_lines: false, bom: false });

function parseOne(text: string, line: number, delimiter: string): CsvRow[] {
  try {
    const records = parse(text, options(delimiter)) as string[][];
    return records.map((cells) => ({ kind: "row", cells, line }));
  } catch (e) {
    const reason = (e as Error).message.replace(/ at line \d+$/, "").replace(/: the parsing is finished with an opening quote$/, "");
    return [{ kind: "unreadable", line, error: reason }];
  }
}

export function parseRecords(items: SplitItem[], delimiter: string): CsvRow[] {
  const records = items.filter((i) => i.kind === "record");
  if (records.length === items.length && records.length > 1) {
    try {
      const parsed = parse(records.map((r) => r.text).join("\n"), options(delimiter)) as string[][];
      if (parsed.length === records.length) return parsed.map((cells, i) => ({ kind: "row", cells, line: records[i]!.line }));
    } catch {
      // fall through to one record at a time
    }
  }
  return items.flatMap((i): CsvRow[] => (i.kind === "unreadable" ? [i] : parseOne(i.text, i.line, delimiter)));
}
