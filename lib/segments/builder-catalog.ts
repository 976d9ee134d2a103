import { pool } from "@/lib/db";
import { EVENTS } from "@/lib/segments/catalog";

// What the builder offers beyond the static catalogue: event names this workspace has
// actually received, and the segments an "in segment" rule can point at.
export async function builderCatalog() {
  // A loose index scan: one index probe per distinct name instead of reading every row.
  const names = await pool().query<{ name: string }>(`
    WITH RECURSIVE n AS (
      (SELECT name FROM profile_event_last ORDER BY name LIMIT 1)
      UNION ALL
      SELECT (SELECT l.name FROM profile_event_last l WHERE l.name > n.name ORDER BY l.name LIMIT 1) FROM n WHERE n.name IS NOT NULL
    ) SELECT name FROM n WHERE name IS NOT NULL LIMIT 200`);
  const known = new Set(EVENTS.map((e) => e.name));
  const segments = await pool().query<{ id: string; name: string }>(`SELECT id, name FROM segments ORDER BY name`);
  return { extraEvents: names.rows.map((r) => r.name).filter((n) => !known.has(n)), segments: segments.rows };
}
