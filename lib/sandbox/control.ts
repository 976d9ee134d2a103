import type pg from "pg";
import { z } from "zod";
import { addFaults, faultSchema, patchConfig, pendingFaults, readConfig, resetConfig, type Platform } from "@/lib/sandbox/config";
import { json, readBody, type Incoming } from "@/lib/sandbox/request";
import { getAudience, inAudienceSql, listMembers, memberCounts, resetPlatform } from "@/lib/sandbox/store";

// The emulators' own control surface, under "<emulator>/_sandbox/...": never part of any
// platform's API, so tests, the benchmark and the demo can steer and inspect the fake.
//
//   GET    _sandbox/config                    current config (defaults applied) + pending faults
//   POST   _sandbox/config                    {…config keys, faults?: Fault[]}: merge keys, queue faults
//   DELETE _sandbox/config                    back to defaults, drop pending faults
//   GET    _sandbox/audiences                 every audience with its counts
//   GET    _sandbox/audiences/{id}            one audience with its counts
//   GET    _sandbox/audiences/{id}/members    read-back: ?after=<member_key>&limit=<≤100000>
//   POST   _sandbox/reset                     wipe audiences, members, sessions and jobs

type ControlOptions = {
  // Any zod object schema; defaults are applied when the stored config is read.
  configSchema: z.ZodObject;
  /** Runs before reads so lazy platform work (Google jobs finishing) shows up. */
  beforeRead?: () => Promise<void>;
};

const limitSchema = z.coerce.number().int().min(1).max(100_000).default(10_000);

export async function handleControl(db: pg.Pool, platform: Platform, inc: Incoming, req: Request, opts: ControlOptions): Promise<Response> {
  const [resource, id, sub] = inc.segments.slice(1);
  const route = `${inc.method} ${resource ?? ""}${id ? "/:id" : ""}${sub ? `/${sub}` : ""}`;
  switch (route) {
    case "GET config":
      return json({ platform, config: await readConfig(db, platform, opts.configSchema), faults: await pendingFaults(db, platform) });
    case "POST config": {
      const body = await readBody(req);
      const raw = body.kind === "json" && body.value && typeof body.value === "object" ? (body.value as Record<string, unknown>) : null;
      if (!raw) return json({ error: "POST a JSON object of config keys (and optionally faults: [...])" }, 400);
      const { faults: rawFaults, ...keys } = raw;
      const parsedKeys = opts.configSchema.partial().strict().safeParse(keys);
      const parsedFaults = z.array(faultSchema).optional().safeParse(rawFaults);
      if (!parsedKeys.success || !parsedFaults.success) {
        return json(
          { error: "invalid sandbox config", issues: [...(parsedKeys.error?.issues ?? []), ...(parsedFaults.error?.issues ?? [])] },
          400,
        );
      }
      // Store only the keys sent (partial() may fill defaults for the others).
      const patch = Object.fromEntries(Object.keys(keys).map((k) => [k, (parsedKeys.data as Record<string, unknown>)[k]]));
      if (Object.keys(patch).length) await patchConfig(db, platform, patch);
      await addFaults(db, platform, parsedFaults.data ?? []);
      return json({ platform, config: await readConfig(db, platform, opts.configSchema), faults: await pendingFaults(db, platform) });
    }
    case "DELETE config":
      await resetConfig(db, platform);
      return json({ platform, config: await readConfig(db, platform, opts.configSchema), faults: [] });
    case "POST reset":
      await resetPlatform(db, platform);
      return json({ ok: true });
    case "GET audiences":
      return json({ audiences: await audiencesWithCounts(db, platform, opts) });
    case "GET audiences/:id":
    case "GET audiences/:id/members": {
      await opts.beforeRead?.();
      const audience = await getAudience(db, platform, id!);
      if (!audience) return json({ error: `no ${platform} audience ${id}` }, 404);
      const config = await readConfig(db, platform, opts.configSchema);
      const counts = await memberCounts(db, platform, audience.id, Number(config.countDelaySeconds ?? 0));
      if (!sub) return json({ audience, counts });
      const limit = limitSchema.safeParse(inc.query.get("limit") ?? undefined);
      if (!limit.success) return json({ error: "limit must be 1..100000" }, 400);
      const members = await listMembers(db, platform, audience.id, { after: inc.query.get("after") ?? undefined, limit: limit.data });
      const last = members.length === limit.data ? members[members.length - 1]!.member_key : null;
      return json({ audience_id: audience.id, total: counts.total, members, next_after: last });
    }
    default:
      return json({ error: `unknown sandbox route ${inc.method} /_sandbox/${inc.segments.slice(1).join("/")}` }, 404);
  }
}

async function audiencesWithCounts(db: pg.Pool, platform: Platform, opts: ControlOptions) {
  await opts.beforeRead?.();
  const { rows } = await db.query(
    `SELECT a.id, a.account_id, a.name, a.created_at,
            count(m.member_key)::int AS total, count(m.member_key) FILTER (WHERE m.matched)::int AS matched
       FROM sandbox.audiences a LEFT JOIN sandbox.audience_members m ON ${inAudienceSql("a.platform", "a.id", "m.")}
      WHERE a.platform = $1 GROUP BY a.platform, a.id ORDER BY a.created_at`,
    [platform],
  );
  return rows;
}
