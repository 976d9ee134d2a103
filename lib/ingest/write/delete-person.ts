import type pg from "pg";
import { inTransaction, pool } from "@/lib/db";
import { lockOutEventInserts } from "@/lib/ingest/write/event-fence";
import { lockOutRefreshes } from "@/lib/segments/refresh/deletion-fence";

// Customer.io's person-level calls. "Delete" removes the person with their events (a trigger:
// events have no foreign key, see event-fence.ts), aliases and memberships (foreign keys
// cascade). "Suppress" does that and also ignores any later data for the id, as Customer.io
// does, until "unsuppress" (which restores nothing). A delete waits for segment refreshes in
// flight, so none of them can add the person back as a member afterwards
// (lib/segments/refresh/deletion-fence.ts), then for event inserts in flight, so none of them
// can leave an event behind (event-fence.ts).

export async function deletePerson(externalId: string): Promise<boolean> {
  return inTransaction((client) => deleteProfile(client, externalId));
}

export async function suppressPerson(externalId: string, sourceId: string | null): Promise<void> {
  await inTransaction(async (client) => {
    await client.query(`INSERT INTO suppressed_people (external_id, source_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [
      externalId,
      sourceId,
    ]);
    await deleteProfile(client, externalId);
  });
}

async function deleteProfile(client: pg.PoolClient, externalId: string): Promise<boolean> {
  await lockOutRefreshes(client);
  // Second, so ingest waits only for this delete, never behind the refreshes it waited for.
  await lockOutEventInserts(client);
  const { rowCount } = await client.query(`DELETE FROM profiles WHERE external_id = $1`, [externalId]);
  return (rowCount ?? 0) > 0;
}

export async function unsuppressPerson(externalId: string): Promise<void> {
  await pool().query(`DELETE FROM suppressed_people WHERE external_id = $1`, [externalId]);
}
