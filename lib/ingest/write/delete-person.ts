import { pool } from "@/lib/db";

// Customer.io's person-level calls. "Delete" removes the person with their events, aliases and
// memberships (foreign keys cascade). "Suppress" does that and also ignores any later data for
// the id, as Customer.io does, until "unsuppress" (which restores nothing).

export async function deletePerson(externalId: string): Promise<boolean> {
  const { rowCount } = await pool().query(`DELETE FROM profiles WHERE external_id = $1`, [externalId]);
  return (rowCount ?? 0) > 0;
}

export async function suppressPerson(externalId: string, sourceId: string | null): Promise<void> {
  const client = await pool().connect();
  try {
    await client.query("BEGIN");
    await client.query(`INSERT INTO suppressed_people (external_id, source_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [
      externalId,
      sourceId,
    ]);
    await client.query(`DELETE FROM profiles WHERE external_id = $1`, [externalId]);
    await client.query("COMMIT");
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}

export async function unsuppressPerson(externalId: string): Promise<void> {
  await pool().query(`DELETE FROM suppressed_people WHERE external_id = $1`, [externalId]);
}
