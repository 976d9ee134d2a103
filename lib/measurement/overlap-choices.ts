import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { pool } from "@/lib/db";
import type { OverlapItem } from "@/lib/measurement/overlap";

// What the overlap picker offers: every segment (its size from the last refresh) and every sync
// with a live audience (what the destination has now).

export type OverlapChoice = OverlapItem & { name: string; detail: string };

export async function overlapChoices(actor: Actor): Promise<OverlapChoice[]> {
  requireRole(actor, "viewer");
  const { rows } = await pool().query<{
    kind: "segment" | "sync";
    id: string;
    name: string;
    size: number | null;
    destination: string | null;
  }>(
    `SELECT 'segment' AS kind, id, name, CASE WHEN last_refreshed_at IS NULL THEN NULL ELSE size END AS size, NULL AS destination FROM segments
     UNION ALL
     SELECT 'sync', y.id, y.name, NULL, d.name FROM syncs y JOIN destinations d ON d.id = y.destination_id
      WHERE EXISTS (SELECT 1 FROM audience_members a WHERE a.sync_id = y.id)
     ORDER BY 1, 3`,
  );
  return rows.map((r) => ({
    kind: r.kind,
    id: r.id,
    name: r.name,
    detail:
      r.kind === "segment"
        ? r.size === null
          ? "not refreshed yet"
          : `${r.size.toLocaleString("en-US")} people`
        : `live audience in ${r.destination}`,
  }));
}

/** `["segment:abc", "sync:def"]` from the page's query string, keeping only well-formed entries. */
export function parseItemParams(values: string[]): OverlapItem[] {
  return values.flatMap((v) => {
    const [kind, id] = v.split(":");
    return (kind === "segment" || kind === "sync") && id && /^[\w-]{1,100}$/.test(id) ? [{ kind, id }] : [];
  });
}
