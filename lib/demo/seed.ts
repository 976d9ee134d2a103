import pg from "pg";
import { transactionOn } from "@/lib/db";
import { beginBulkLoad, type BulkLoad } from "@/lib/demo/bulk-load";
import { CopySink, EVENT_COLUMNS, PROFILE_COLUMNS, pump } from "@/lib/demo/copy";
import type { GenerateOptions } from "@/lib/demo/generate";
import { countOwnEvents } from "@/lib/overview/page-counts";

// Writes the demo store into Postgres with COPY FROM STDIN: two streams (profiles,
// events) fed from one pass of the deterministic generator, with backpressure.
//
// Speed notes (figures: `npm run bench -- seed`):
// - Profile ids are reserved as one block from profiles_id_seq, so events can reference
//   their profile without a round trip per row.
// - Each table loads in one transaction; into an empty table its secondary indexes are
//   dropped and rebuilt at commit (lib/demo/bulk-load.ts): per-row maintenance of
//   (name, occurred_at) alone would double the load time and worsen as the index outgrows memory.
// - The events FK check is a trigger firing once per row. When the role may (superuser, as
//   with the embedded Postgres), this session skips it with session_replication_role =
//   replica, as pg_restore --disable-triggers does: the generator only emits events for
//   profiles of the same run, and profiles commit first. This skips every trigger on events,
//   including the profile_event_last rollup: lib/segments folds in events above its
//   segment_rollup_state watermark before evaluating. Without that right, profiles are
//   committed first and events are loaded in a second pass over the (deterministic) generator.

export type SeedProgress = { profiles: number; events: number; elapsedMs: number; phase: "profiles+events" | "profiles" | "events" };

export type SeedOptions = {
  databaseUrl?: string;
  profiles: number;
  days: number;
  seed: number;
  now?: Date | number;
  /** "rebuild" (default) drops and rebuilds secondary indexes when a table starts empty; "keep" never does. */
  indexes?: "rebuild" | "keep";
  onProgress?: (p: SeedProgress) => void;
};

export type SeedResult = {
  profiles: number;
  events: number;
  ms: number;
  /** First and last profile id written. */
  idRange: [number, number] | null;
  /** False when the per-row FK trigger on events was skipped (see above). */
  fkChecks: boolean;
  /** Time spent rebuilding secondary indexes (loads into empty tables only). */
  indexRebuildMs: number;
};

async function connect(databaseUrl?: string): Promise<pg.Client> {
  const url = databaseUrl ?? process.env.DATABASE_URL;
  if (!url) throw new Error("No database: pass databaseUrl or set DATABASE_URL");
  const client = new pg.Client({ connectionString: url, application_name: "downstream-seed" });
  await client.connect();
  return client;
}

/** Reserves `count` consecutive profile ids. The lock makes concurrent inserters wait for the setval. */
async function reserveProfileIds(client: pg.Client, count: number): Promise<number> {
  return transactionOn(client, async () => {
    await client.query("LOCK TABLE profiles IN SHARE ROW EXCLUSIVE MODE");
    const { rows } = await client.query<{ first: string }>(`SELECT nextval(pg_get_serial_sequence('profiles', 'id')) AS first`);
    const first = Number(rows[0]!.first);
    await client.query(`SELECT setval(pg_get_serial_sequence('profiles', 'id'), $1)`, [first + count - 1]);
    return first;
  });
}

async function canSkipTriggers(client: pg.Client): Promise<boolean> {
  return client.query("SET session_replication_role = replica").then(
    () => true,
    () => false,
  );
}

/** Anonymous ids resolve to their person through profile_aliases, as ingest records them; the first person keeps an id. */
async function recordAliases(client: pg.Client, [first, last]: [number, number]) {
  await client.query(
    `INSERT INTO profile_aliases (anonymous_id, profile_id)
     SELECT a.anonymous_id, p.id FROM profiles p CROSS JOIN LATERAL unnest(p.anonymous_ids) AS a(anonymous_id)
      WHERE p.id BETWEEN $1 AND $2 ORDER BY p.id
     ON CONFLICT (anonymous_id) DO NOTHING`,
    [first, last],
  );
}

export async function seedDemo(options: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  const total = Math.max(0, Math.floor(options.profiles));
  if (total === 0) return { profiles: 0, events: 0, ms: 0, idRange: null, fkChecks: true, indexRebuildMs: 0 };
  const profilesClient = await connect(options.databaseUrl);
  const eventsClient = await connect(options.databaseUrl);
  const open: BulkLoad[] = [];
  const begin = async (client: pg.Client, table: string) => {
    const load = await beginBulkLoad(client, table, options.indexes !== "keep");
    open.push(load);
    return load;
  };
  try {
    const idStart = await reserveProfileIds(profilesClient, total);
    const idRange: [number, number] = [idStart, idStart + total - 1];
    const now = options.now === undefined ? Date.now() : Number(options.now);
    const gen: GenerateOptions = { profiles: total, days: options.days, seed: options.seed, now, idStart };
    const skipTriggers = await canSkipTriggers(eventsClient);
    let written = { profiles: 0, events: 0 };

    const pass = async (phase: SeedProgress["phase"], loads: { profiles?: BulkLoad; events?: BulkLoad }) => {
      const profiles = loads.profiles && CopySink.open(profilesClient, "profiles", PROFILE_COLUMNS, loads.profiles);
      const events = loads.events && CopySink.open(eventsClient, "events", EVENT_COLUMNS, loads.events);
      try {
        written = await pump(gen, { profiles, events }, (p, e) =>
          options.onProgress?.({ profiles: p, events: e, elapsedMs: performance.now() - started, phase }),
        );
        await Promise.all([profiles?.end(), events?.end()]);
      } catch (e) {
        profiles?.abort(e as Error);
        events?.abort(e as Error);
        throw e;
      }
    };

    const profilesLoad = await begin(profilesClient, "profiles");
    const eventsLoad = skipTriggers ? await begin(eventsClient, "events") : undefined;
    // Without triggers, lib/segments' rollup catch-up trusts event ids: no other writer may
    // commit a higher id while ours are still invisible, so hold off concurrent inserts.
    if (eventsLoad) await eventsClient.query("LOCK TABLE events IN SHARE ROW EXCLUSIVE MODE");
    await pass(skipTriggers ? "profiles+events" : "profiles", { profiles: profilesLoad, events: eventsLoad });
    await recordAliases(profilesClient, idRange);
    // Profiles commit first, so committed events never reference uncommitted profiles.
    let indexRebuildMs = await profilesLoad.commit();
    // Skipped triggers include the Overview's hourly counts: add this load's, committed with it.
    if (eventsLoad) await countOwnEvents(eventsClient);
    if (eventsLoad) indexRebuildMs += await eventsLoad.commit();
    else {
      await pass("events", { events: await begin(eventsClient, "events") });
      indexRebuildMs += await open[open.length - 1]!.commit();
    }
    open.length = 0;
    // Fresh statistics so the first segment queries get sane plans without waiting for autovacuum.
    await Promise.all([profilesClient.query("ANALYZE profiles, profile_aliases"), eventsClient.query("ANALYZE events")]);
    return { ...written, ms: Math.round(performance.now() - started), idRange, fkChecks: !skipTriggers, indexRebuildMs };
  } finally {
    await Promise.allSettled(open.map((l) => l.rollback()));
    await Promise.allSettled([profilesClient.end(), eventsClient.end()]);
  }
}

/** Number of profiles (cheap enough for "is this workspace seeded?" checks). */
export async function countProfiles(databaseUrl?: string): Promise<number> {
  const client = await connect(databaseUrl);
  try {
    const { rows } = await client.query<{ n: string }>("SELECT count(*) AS n FROM profiles");
    return Number(rows[0]!.n);
  } finally {
    await client.end();
  }
}

/** Empties profiles and events (and, by cascade, aliases and segment memberships) and restarts their ids. */
export async function resetDemoData(databaseUrl?: string): Promise<void> {
  const client = await connect(databaseUrl);
  try {
    await client.query("TRUNCATE profiles, events RESTART IDENTITY CASCADE");
  } finally {
    await client.end();
  }
}
