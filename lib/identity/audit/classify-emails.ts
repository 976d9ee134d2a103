import { pool } from "@/lib/db";
import { normalizeEmail } from "@/lib/identity/normalize";

// Profiles written before email_error existed (or by a bulk loader that does not fill it) have
// an invalid raw email but no reason. The audit groups invalid formats by reason in SQL, so
// this fills the reasons in first, in batches, with the same normalizer ingest uses.
const BATCH = 5_000;
const MAX_PER_CALL = 200_000;

export async function classifyUnexplainedEmails(): Promise<number> {
  let done = 0;
  while (done < MAX_PER_CALL) {
    const { rows } = await pool().query<{ id: string; email_raw: string }>(
      `SELECT id::text, email_raw FROM profiles
        WHERE email IS NULL AND email_raw IS NOT NULL AND email_sha256 IS NULL AND email_error IS NULL LIMIT ${BATCH}`,
    );
    if (!rows.length) break;
    const reasons = rows.map((r) => ({ id: r.id, error: normalizeEmail(r.email_raw).error ?? "invalid" }));
    await pool().query(
      `UPDATE profiles p SET email_error = r.error FROM json_to_recordset($1::json) AS r(id bigint, error text) WHERE p.id = r.id`,
      [JSON.stringify(reasons)],
    );
    done += rows.length;
    if (rows.length < BATCH) break;
  }
  return done;
}
