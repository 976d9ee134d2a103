import { z } from "zod";
import { AppError } from "@/lib/errors";

// Every management-API list pages the same way: `?limit=N&cursor=C` in, `nextCursor` out
// (null on the last page), beside the list's own key (`{ segments: [...], nextCursor }`).
// Cursors are opaque (base64url of the last item's sort key), so clients cannot build one
// and we can change what is inside. Filters are plain query parameters named after the
// field they filter; the query schemas are strict, so a misspelt filter is a 400 rather than
// a silently unfiltered list.

export const cursorParam = z.string().min(1).max(200).describe("The `nextCursor` of the previous page.");

export function pageQuery({ max = 500, byDefault = 100 }: { max?: number; byDefault?: number } = {}) {
  return z.strictObject({
    limit: z.coerce.number().int().min(1).max(max).default(byDefault).describe(`How many items per page (1 to ${max}).`),
    cursor: cursorParam.optional(),
  });
}

export type PageQuery = { limit: number; cursor?: string };

export function encodeCursor(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

/** The sort key inside a cursor we issued (with `arity` parts when given); anything else is a 400. */
export function decodeCursor(cursor: string, arity?: number): string[] {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(key) && key.length > 0 && (arity === undefined || key.length === arity) && key.every((k) => typeof k === "string"))
      return key;
  } catch {
    // fall through: not ours
  }
  throw notOurs();
}

export const notOurs = () =>
  new AppError("bad_request", "That cursor is not one we issued; start again without it.", {
    issues: [{ path: "query.cursor", message: "is not a cursor from a previous page" }],
  });

/** One page from rows fetched with `LIMIT limit + 1`: the extra row only says there is more. */
export function pageOfRows<T>(rows: T[], limit: number, keyOf: (row: T) => readonly string[]): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit && items.length ? encodeCursor(keyOf(items.at(-1)!)) : null };
}

type Direction = "asc" | "desc";
const compareKeys = (a: readonly string[], b: readonly string[]) => {
  for (let i = 0; i < a.length; i++) {
    if (a[i]! < b[i]!) return -1;
    if (a[i]! > b[i]!) return 1;
  }
  return 0;
};

/**
 * Keyset paging over a list already small enough to hold (segments, syncs, tokens...): the
 * list is ordered by `keyOf` (a unique tuple, e.g. [createdAt ISO, id]) and the page starts
 * after the cursor's key, so a deleted or inserted item never shifts or repeats a page.
 */
export function pageOfList<T>(
  all: T[],
  query: PageQuery,
  keyOf: (item: T) => readonly string[],
  direction: Direction = "asc",
): { items: T[]; nextCursor: string | null } {
  const sign = direction === "asc" ? 1 : -1;
  const sorted = [...all].sort((a, b) => sign * compareKeys(keyOf(a), keyOf(b)));
  const after = query.cursor ? decodeCursor(query.cursor, sorted.length ? keyOf(sorted[0]!).length : undefined) : null;
  const rest = after ? sorted.filter((item) => sign * compareKeys(keyOf(item), after) > 0) : sorted;
  return pageOfRows(rest, query.limit, keyOf);
}

/** For lists keyed by (time, id), newest first (runs): the position to continue before. */
export function timeIdCursor(cursor: string | undefined): { at: Date; id: string } | undefined {
  if (cursor === undefined) return undefined;
  const [iso, id] = decodeCursor(cursor, 2);
  const at = new Date(iso!);
  if (Number.isNaN(at.getTime()) || !id) throw notOurs();
  return { at, id };
}

/** For lists keyed by a bigint id (audit log, rejections, delivered members): the id after which to continue. */
export function bigintCursor(cursor: string | undefined): bigint | undefined {
  if (cursor === undefined) return undefined;
  const [id] = decodeCursor(cursor, 1);
  if (!/^\d{1,19}$/.test(id!)) throw notOurs();
  return BigInt(id!);
}
