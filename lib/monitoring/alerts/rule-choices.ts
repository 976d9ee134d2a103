import { pool } from "@/lib/db";

/** The event streams a backlog rule can watch (their ledger endpoint has the stream's id), for the rule form. */
export async function streamChoices(): Promise<{ id: string; name: string }[]> {
  const { rows } = await pool().query<{ id: string; name: string }>("SELECT id, name FROM event_streams ORDER BY name");
  return rows;
}

/** Destinations a rule can be scoped to. */
export async function destinationChoices(): Promise<{ id: string; name: string }[]> {
  const { rows } = await pool().query<{ id: string; name: string }>("SELECT id, name FROM destinations ORDER BY name");
  return rows;
}
