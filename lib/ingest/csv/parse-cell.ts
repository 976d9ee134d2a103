import type { ValueType } from "@/lib/ingest/csv/import-config";

// CSV cells are text; a column mapped to a type is converted strictly, and a cell that does
// not fit is an error for its row (never a silent NaN or a guessed date).

export type Cell = { ok: true; value: unknown } | { ok: false; error: string };

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const TRUE = new Set(["true", "yes", "y", "1", "t"]);
const FALSE = new Set(["false", "no", "n", "0", "f"]);

/** ISO 8601 (a date-time without zone is read as UTC), or unix seconds / milliseconds. */
export function parseTimestamp(text: string): Date | null {
  const v = text.trim();
  if (/^\d{10}$/.test(v)) return new Date(Number(v) * 1000);
  if (/^\d{13}$/.test(v)) return new Date(Number(v));
  if (!/^\d{4}-\d{2}-\d{2}/.test(v)) return null;
  const zoned = /([zZ]|[+-]\d{2}:?\d{2})$/.test(v) || /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : `${v.replace(" ", "T")}Z`;
  const t = Date.parse(zoned);
  return Number.isFinite(t) && t > Date.UTC(1900, 0, 1) && t < Date.UTC(2100, 0, 1) ? new Date(t) : null;
}

export function parseCell(text: string, type: ValueType): Cell {
  const v = text.trim();
  switch (type) {
    case "text":
      return { ok: true, value: text };
    case "number":
      return NUMBER.test(v) && Number.isFinite(Number(v))
        ? { ok: true, value: Number(v) }
        : { ok: false, error: `"${v}" is not a number (use digits and a dot, e.g. 1234.5)` };
    case "boolean": {
      const l = v.toLowerCase();
      if (TRUE.has(l)) return { ok: true, value: true };
      if (FALSE.has(l)) return { ok: true, value: false };
      return { ok: false, error: `"${v}" is not true/false (also accepted: yes/no, 1/0)` };
    }
    case "date": {
      const d = parseTimestamp(v);
      return d
        ? { ok: true, value: d.toISOString() }
        : { ok: false, error: `"${v}" is not a date (use ISO 8601, e.g. 2026-06-01 or 2026-06-01T10:00:00Z)` };
    }
  }
}
