import type pg from "pg";
import { z } from "zod";

// Emulator behaviour lives in Postgres (sandbox.emulator_config, sandbox.faults) rather than in
// memory, so a test, the demo's control panel and every server process see the same switches.

export type Platform = "meta" | "google_ads" | "tiktok" | "google_data_manager";

/** Switches every emulator has. Platform configs extend this. */
export const baseConfigSchema = z.object({
  /** Share of uploaded hashes that "match" a platform user (decided by the hash, so repeatable). */
  matchRate: z.number().min(0).max(1).default(0.7),
  /** Audience sizes only count members uploaded at least this long ago (platforms lag hours). */
  countDelaySeconds: z.number().min(0).default(0),
  /** Hashes the platform refuses, to exercise per-item rejection paths. */
  rejectHashes: z.array(z.string()).default([]),
  /**
   * Hashes (or ids) the platform silently loses: the upload is answered as accepted, but they are
   * never stored. A validation run must catch this by reading back (lib/validation).
   */
  dropHashes: z.array(z.string()).default([]),
});

/**
 * A fault answers the next `times` calls (to `routes`, or any API route) instead of the real
 * handler. Without status/code each platform renders its own throttling error.
 */
export const faultSchema = z.object({
  routes: z.array(z.string()).min(1).optional(),
  times: z.number().int().min(1).max(1_000_000).default(1),
  status: z.number().int().min(100).max(599).optional(),
  code: z.union([z.number().int(), z.string()]).optional(),
  subcode: z.number().int().optional(),
  message: z.string().optional(),
  retryAfterSeconds: z.number().min(0).optional(),
});
export type Fault = z.infer<typeof faultSchema>;

export type EmulatorState<C> = { config: C; fault: Fault | null };

/**
 * One round trip per API call: the platform's config, and (atomically claimed) the next pending
 * fault for this route, if any.
 */
export async function loadState<C>(db: pg.Pool, platform: Platform, route: string, schema: z.ZodType<C>): Promise<EmulatorState<C>> {
  const { rows } = await db.query<{ config: unknown; fault: unknown }>(
    `WITH claimed AS (
       UPDATE sandbox.faults SET remaining = remaining - 1
        WHERE id = (SELECT id FROM sandbox.faults
                     WHERE platform = $1 AND remaining > 0 AND (routes IS NULL OR $2 = ANY(routes))
                     ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING fault)
     SELECT (SELECT config FROM sandbox.emulator_config WHERE platform = $1) AS config,
            (SELECT fault FROM claimed) AS fault`,
    [platform, route],
  );
  const row = rows[0];
  return { config: schema.parse(row?.config ?? {}), fault: row?.fault ? faultSchema.parse(row.fault) : null };
}

export async function readConfig<C>(db: pg.Pool, platform: Platform, schema: z.ZodType<C>): Promise<C> {
  const { rows } = await db.query<{ config: unknown }>(`SELECT config FROM sandbox.emulator_config WHERE platform = $1`, [platform]);
  return schema.parse(rows[0]?.config ?? {});
}

/** Shallow-merges `patch` over the stored config (top-level keys replace). */
export async function patchConfig(db: pg.Pool, platform: Platform, patch: Record<string, unknown>): Promise<void> {
  await db.query(
    `INSERT INTO sandbox.emulator_config (platform, config) VALUES ($1, $2::jsonb)
     ON CONFLICT (platform) DO UPDATE SET config = sandbox.emulator_config.config || EXCLUDED.config, updated_at = now()`,
    [platform, JSON.stringify(patch)],
  );
}

export async function addFaults(db: pg.Pool, platform: Platform, faults: Fault[]): Promise<void> {
  if (!faults.length) return;
  await db.query(
    `INSERT INTO sandbox.faults (platform, routes, remaining, fault)
     SELECT $1, CASE WHEN r = 'null' THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text(r::jsonb)) END, t, f::jsonb
       FROM unnest($2::text[], $3::int[], $4::text[]) AS x(r, t, f)`,
    [platform, faults.map((f) => JSON.stringify(f.routes ?? null)), faults.map((f) => f.times), faults.map((f) => JSON.stringify(f))],
  );
}

export async function pendingFaults(db: pg.Pool, platform: Platform) {
  const { rows } = await db.query<{ id: string; routes: string[] | null; remaining: number; fault: unknown }>(
    `SELECT id, routes, remaining, fault FROM sandbox.faults WHERE platform = $1 AND remaining > 0 ORDER BY id`,
    [platform],
  );
  return rows;
}

/** Back to defaults: no config overrides, no pending faults. State (audiences) is untouched. */
export async function resetConfig(db: pg.Pool, platform: Platform): Promise<void> {
  await db.query(`DELETE FROM sandbox.emulator_config WHERE platform = $1`, [platform]);
  await db.query(`DELETE FROM sandbox.faults WHERE platform = $1`, [platform]);
}
