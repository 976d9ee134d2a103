import { pool } from "@/lib/db";

// The segments the rule dialog offers (name and last refreshed size). Only what the dialog shows:
// the wizard's syncOptions() also computes identifier coverage per segment, a join of every
// membership to its profile (3 s at 1M profiles), which the Suppression page never displayed.
export async function ruleSegmentChoices(): Promise<{ id: string; name: string; size: number }[]> {
  const { rows } = await pool().query<{ id: string; name: string; size: number }>(
    "SELECT id, name, size FROM segments WHERE archived_at IS NULL ORDER BY name",
  );
  return rows;
}
