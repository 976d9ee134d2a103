import { db, pool } from "@/lib/db";
import { destinationView, type LastDelivery } from "@/lib/destinations/destination-view";
import { AppError } from "@/lib/errors";

export async function listDestinations() {
  const rows = await db().destination.findMany({ orderBy: { createdAt: "asc" }, include: { _count: { select: { syncs: true } } } });
  const delivered = await lastDeliveries(rows.map((r) => r.id));
  return rows.map((r) => destinationView(r, delivered.get(r.id)));
}

export async function getDestination(destinationId: string) {
  const row = await db().destination.findUnique({ where: { id: destinationId }, include: { _count: { select: { syncs: true } } } });
  if (!row) throw new AppError("not_found", "No such destination.");
  return destinationView(row, (await lastDeliveries([row.id])).get(row.id));
}

/** Per destination, the latest real run that delivered (succeeded or partly), with its sync. */
async function lastDeliveries(destinationIds: string[]): Promise<Map<string, LastDelivery>> {
  if (!destinationIds.length) return new Map();
  // Timestamps are TIMESTAMP(3) holding UTC: formatted as such, whatever the server's zone.
  const { rows } = await pool().query<{ destination_id: string; sync_id: string; sync_name: string; at: string }>(
    `SELECT DISTINCT ON (s.destination_id) s.destination_id, s.id AS sync_id, s.name AS sync_name,
            to_char(r.finished_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at
       FROM sync_runs r JOIN syncs s ON s.id = r.sync_id
      WHERE s.destination_id = ANY($1::text[]) AND NOT r.dry_run AND r.status IN ('succeeded', 'partial') AND r.finished_at IS NOT NULL
      ORDER BY s.destination_id, r.finished_at DESC`,
    [destinationIds],
  );
  return new Map(rows.map((r) => [r.destination_id, { at: new Date(r.at), syncId: r.sync_id, syncName: r.sync_name }]));
}
