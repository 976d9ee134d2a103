import { pool } from "@/lib/db";
import { destinationKinds } from "@/lib/destinations/destination-form";
import { segmentCoverage } from "@/lib/sync/segment-coverage";

// What the sync wizard and the rule dialog offer: active segments, destinations with the
// identifiers each takes, and the enabled rules that cover promotional syncs. Plain data.
export async function syncOptions() {
  const [segments, destinations, rules] = await Promise.all([
    pool().query<{ id: string; name: string; size: number }>("SELECT id, name, size FROM segments WHERE archived_at IS NULL ORDER BY name"),
    pool().query<{ id: string; name: string; kind: string }>("SELECT id, name, kind FROM destinations ORDER BY name"),
    pool().query<{ id: string; name: string }>(
      "SELECT id, name FROM suppression_rules WHERE enabled AND scope = 'all_promotional' ORDER BY name",
    ),
  ]);
  const kinds = new Map(destinationKinds().map((k) => [k.kind as string, k]));
  const coverage = await segmentCoverage(segments.rows.map((s) => s.id));
  return {
    segments: segments.rows.map((s) => ({ ...s, coverage: coverage[s.id] ?? { size: 0, combos: {} } })),
    destinations: destinations.rows
      .filter((d) => kinds.has(d.kind))
      .map((d) => ({ ...d, label: kinds.get(d.kind)!.label, identifiers: kinds.get(d.kind)!.identifiers })),
    promotionalRules: rules.rows,
  };
}
export type SyncOptions = Awaited<ReturnType<typeof syncOptions>>;

export async function syncChoices() {
  const { rows } = await pool().query<{ id: string; name: string }>("SELECT id, name FROM syncs ORDER BY name");
  return rows;
}
