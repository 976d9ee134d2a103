import type pg from "pg";
import { catchUpEventRollup } from "@/lib/segments/sql/rollup-catch-up";

// Random people and events for the equivalence tests, written into the test database.
// Values are drawn from small domains on purpose (few event names, few categories, times
// clustered around `now`), so random rules are neither always true nor always false, and
// edge cases (missing keys, JSON nulls, numbers stored as strings, anonymous events,
// future timestamps, equal timestamps) turn up in every run.

export type Rng = () => number;

export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
export const int = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const EVENT_NAMES = ["view", "cart", "checkout", "order"] as const;
export const CATEGORIES = ["shoes", "Shoes", "bags", "hats"] as const;
export const COUNTRIES = ["US", "GB", "us", "DE"] as const;

export type WorldProfile = {
  id: number;
  email: string | null;
  emailSha256: string | null;
  phoneValid: boolean | null;
  phoneSha256: string | null;
  externalId: string | null;
  attributes: Record<string, unknown>;
  firstSeenAt: number;
};
export type WorldEvent = { profileId: number | null; name: string; properties: Record<string, unknown>; at: number };
export type World = { now: number; profiles: WorldProfile[]; events: WorldEvent[]; memberships: Map<string, Set<number>> };

const maybe = <T>(rng: Rng, p: number, value: () => T): T | undefined => (rng() < p ? value() : undefined);

function attributeValue(rng: Rng, now: number): unknown {
  return pick(rng, [
    () => pick(rng, COUNTRIES),
    () => int(rng, 0, 10),
    () => String(int(rng, 0, 10)),
    () => rng() < 0.5,
    () => null,
    () => new Date(now - int(rng, -5, 200) * DAY + int(rng, 0, 23) * HOUR).toISOString(),
    () => "not a date",
  ])();
}

export function randomWorld(rng: Rng, size = 60): World {
  const now = Date.UTC(2026, 5, 15, 12, 0, 0);
  const profiles: WorldProfile[] = [];
  const events: WorldEvent[] = [];
  for (let id = 1; id <= size; id++) {
    const attributes: Record<string, unknown> = {};
    for (const key of ["a", "b", "d"]) {
      const v = maybe(rng, 0.8, () => attributeValue(rng, now));
      if (v !== undefined) attributes[key] = v;
    }
    const hasEmail = rng() < 0.6;
    profiles.push({
      id,
      email: hasEmail ? `${pick(rng, ["ann", "Bob", "cat"])}${id}@${pick(rng, ["gmail.com", "acme.com"])}` : null,
      emailSha256: hasEmail && rng() < 0.9 ? "e".repeat(64) : null,
      phoneValid: pick(rng, [true, false, null]),
      phoneSha256: rng() < 0.6 ? "f".repeat(64) : null,
      externalId: rng() < 0.7 ? `cus_${id}` : null,
      attributes,
      firstSeenAt: now - int(rng, 0, 120) * DAY,
    });
    let t = now - int(rng, 0, 10) * DAY;
    for (let k = int(rng, 0, 7); k > 0; k--) {
      // Steps of 0-30 hours, sometimes exactly 0 (two events at the same instant).
      t += rng() < 0.1 ? 0 : int(rng, 0, 30) * HOUR;
      const properties: Record<string, unknown> = {};
      if (rng() < 0.8) properties.category = pick(rng, [...CATEGORIES, 5, null]);
      if (rng() < 0.8) properties.value = pick(rng, [int(rng, 0, 100), String(int(rng, 0, 100))]);
      events.push({ profileId: id, name: pick(rng, EVENT_NAMES), properties, at: t });
    }
  }
  for (let k = 0; k < 10; k++)
    events.push({ profileId: null, name: pick(rng, EVENT_NAMES), properties: {}, at: now - int(rng, 0, 5) * DAY });
  const memberships = new Map<string, Set<number>>();
  for (const seg of ["seg_a", "seg_b"]) memberships.set(seg, new Set(profiles.filter(() => rng() < 0.4).map((p) => p.id)));
  return { now, profiles, events, memberships };
}

const ts = (ms: number) => new Date(ms).toISOString().replace("T", " ").replace("Z", "");

/** Replaces profiles, events and the two helper segments' members with `world`. */
export async function writeWorld(client: pg.Pool | pg.PoolClient, world: World) {
  await client.query("TRUNCATE profiles, events, segment_memberships, segments CASCADE");
  for (const seg of world.memberships.keys()) {
    await client.query(`INSERT INTO segments (id, name, definition, updated_at) VALUES ($1, $1, '{"conditions":[]}', now())`, [seg]);
  }
  const p = world.profiles;
  await client.query(
    `INSERT INTO profiles (id, email, email_sha256, phone_valid, phone_sha256, external_id, attributes, first_seen_at)
     SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::boolean[], $5::text[], $6::text[], $7::jsonb[], $8::timestamp[])`,
    [
      p.map((x) => x.id),
      p.map((x) => x.email),
      p.map((x) => x.emailSha256),
      p.map((x) => x.phoneValid),
      p.map((x) => x.phoneSha256),
      p.map((x) => x.externalId),
      p.map((x) => JSON.stringify(x.attributes)),
      p.map((x) => ts(x.firstSeenAt)),
    ],
  );
  const e = world.events;
  await client.query(
    `INSERT INTO events (profile_id, name, properties, occurred_at)
     SELECT * FROM unnest($1::bigint[], $2::text[], $3::jsonb[], $4::timestamp[])`,
    [e.map((x) => x.profileId), e.map((x) => x.name), e.map((x) => JSON.stringify(x.properties)), e.map((x) => ts(x.at))],
  );
  for (const [seg, members] of world.memberships) {
    await client.query(`INSERT INTO segment_memberships (segment_id, profile_id) SELECT $1, unnest($2::bigint[])`, [seg, [...members]]);
  }
  // As every reader of the events rollup does before reading it (compiled SQL may read it).
  await catchUpEventRollup();
}
