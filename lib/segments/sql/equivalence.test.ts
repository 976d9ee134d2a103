/* eslint-disable @typescript-eslint/no-explicit-any -- the oracle reads conditions loosely on purpose: sharing the
   compiler's types would let a wrong type agree with itself. */
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { segmentDefinition, type SegmentDefinition } from "@/lib/segments/definition";
import { compileSegment, countSql, membersSql } from "@/lib/segments/sql/compile";
import {
  CATEGORIES,
  COUNTRIES,
  DAY,
  EVENT_NAMES,
  HOUR,
  int,
  mulberry32,
  pick,
  randomWorld,
  writeWorld,
  type Rng,
  type World,
  type WorldEvent,
  type WorldProfile,
} from "@/lib/segments/test-support/random-world";

// Randomized equivalence: random people and events, random definitions, and the compiled
// SQL's members compared with a reference evaluator written here from the documented
// semantics, sharing no code with the compiler. The sequence rule is evaluated literally
// ("some A with no B at or after it"), not with the compiler's latest-A shortcut, so the
// test also proves that shortcut.

// ---------- the reference evaluator ----------

type J = unknown;
const jsonEq = (a: J, b: J) => a !== undefined && a !== null && typeof a === typeof b && a === b;
const validDate = (v: J) => typeof v === "string" && /^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v));
const ms = (d: { amount: number; unit: string }) =>
  d.amount * ({ minutes: 60_000, hours: HOUR, days: DAY } as Record<string, number>)[d.unit]!;

function valueTest(v: J, op: string, value: any, now: number, isColumn = false): boolean {
  switch (op) {
    case "equals":
      return isColumn ? v !== null && v === String(value) : jsonEq(v, value);
    case "not_equals":
      return !valueTest(v, "equals", value, now, isColumn);
    case "in":
      return (value as J[]).some((x) => valueTest(v, "equals", x, now, isColumn));
    case "not_in":
      return !valueTest(v, "in", value, now, isColumn);
    case "contains":
      return typeof v === "string" && v.toLowerCase().includes(String(value).toLowerCase());
    case "not_contains":
      return !valueTest(v, "contains", value, now, isColumn);
    case "starts_with":
      return typeof v === "string" && v.toLowerCase().startsWith(String(value).toLowerCase());
    case "gt":
      return typeof v === "number" && v > value;
    case "gte":
      return typeof v === "number" && v >= value;
    case "lt":
      return typeof v === "number" && v < value;
    case "lte":
      return typeof v === "number" && v <= value;
    case "exists":
      return v !== undefined && v !== null;
    case "not_exists":
      return v === undefined || v === null;
    case "is_true":
      return v === true;
    case "is_false":
      return v === false;
  }
  const t = typeof v === "number" && isColumn ? v : validDate(v) ? Date.parse(v as string) : null;
  if (t === null) return false;
  if (op === "before") return t < Date.parse(value);
  if (op === "after") return t > Date.parse(value);
  if (op === "more_than_ago") return t < now - ms(value);
  if (op === "less_than_ago") return t >= now - ms(value);
  throw new Error(op);
}

function inWindow(t: number, w: any, now: number): boolean {
  if (!w) return true;
  if (w.type === "last") return t >= now - ms(w) && t <= now;
  return t >= Date.parse(w.from) && t < Date.parse(w.to);
}

const filtersPass = (e: WorldEvent, where: any[] | undefined, now: number) =>
  (where ?? []).every((f) => valueTest(e.properties[f.property], f.op, f.value, now));

function evaluate(c: any, p: WorldProfile, events: WorldEvent[], world: World): boolean {
  const now = world.now;
  const mine = (name: string) => events.filter((e) => e.name === name);
  switch (c.type) {
    case "group":
      return c.match === "all"
        ? c.conditions.every((x: any) => evaluate(x, p, events, world))
        : c.conditions.some((x: any) => evaluate(x, p, events, world));
    case "attribute": {
      const columns: Record<string, J> = { email: p.email, first_seen_at: p.firstSeenAt };
      const isColumn = c.field in columns;
      return valueTest(isColumn ? columns[c.field] : p.attributes[c.field], c.op, c.value, now, isColumn);
    }
    case "identifier": {
      const has = {
        email: p.emailSha256 !== null,
        phone: p.phoneValid !== false && p.phoneSha256 !== null,
        external_id: p.externalId !== null,
      } as Record<string, boolean>;
      has.email_or_phone = has.email! || has.phone!;
      return has[c.identifier] === c.present;
    }
    case "segment":
      return world.memberships.get(c.segmentId)!.has(p.id) === (c.membership === "in");
    case "event": {
      const n = mine(c.event).filter((e) => inWindow(e.at, c.window, now) && filtersPass(e, c.where, now)).length;
      const f = c.frequency ?? { op: "at_least", times: 1 };
      const ok = f.op === "at_least" ? n >= f.times : f.op === "at_most" ? n <= f.times : n === f.times;
      return ok === c.performed;
    }
    case "sequence": {
      const as = mine(c.did.event).filter(
        (e) => inWindow(e.at, c.window, now) && filtersPass(e, c.did.where, now) && (!c.atLeastAgo || e.at <= now - ms(c.atLeastAgo)),
      );
      if (!c.noneSince) return as.length > 0;
      const bs = mine(c.noneSince.event).filter((e) => filtersPass(e, c.noneSince.where, now));
      return as.some((a) => !bs.some((b) => b.at >= a.at));
    }
    case "recency": {
      const times = mine(c.event)
        .filter((e) => filtersPass(e, c.where, now))
        .map((e) => e.at);
      if (times.length === 0) return c.orNever;
      const lastAt = Math.max(...times);
      return c.op === "more_than" ? lastAt < now - ms(c.ago) : lastAt >= now - ms(c.ago);
    }
  }
  throw new Error(`unknown ${c.type}`);
}

function referenceMembers(def: SegmentDefinition, world: World): number[] {
  return world.profiles
    .filter((p) => {
      const events = world.events.filter((e) => e.profileId === p.id);
      if (def.conditions.length === 0) return true;
      const results = def.conditions.map((c) => evaluate(c, p, events, world));
      return def.match === "all" ? results.every(Boolean) : results.some(Boolean);
    })
    .map((p) => p.id);
}

// ---------- random definitions ----------

const dur = (rng: Rng) =>
  pick(rng, [
    { amount: int(rng, 1, 72), unit: "hours" },
    { amount: int(rng, 1, 10), unit: "days" },
    { amount: int(rng, 30, 3000), unit: "minutes" },
  ]);
const win = (rng: Rng, now: number) =>
  rng() < 0.25
    ? undefined
    : rng() < 0.8
      ? { type: "last", ...dur(rng) }
      : {
          type: "between",
          from: new Date(now - int(rng, 3, 10) * DAY).toISOString(),
          to: new Date(now - int(rng, 0, 2) * DAY).toISOString(),
        };

function valueFilter(rng: Rng, now: number, dates: boolean): any {
  const op = pick(rng, [
    "equals",
    "not_equals",
    "in",
    "not_in",
    "contains",
    "not_contains",
    "starts_with",
    "gt",
    "gte",
    "lt",
    "lte",
    "exists",
    "not_exists",
    "is_true",
    "is_false",
    ...(dates ? ["before", "after", "more_than_ago", "less_than_ago"] : []),
  ]);
  const scalar = () => pick(rng, [pick(rng, [...COUNTRIES, ...CATEGORIES]), int(rng, 0, 10), String(int(rng, 0, 10)), rng() < 0.5]);
  switch (op) {
    case "equals":
    case "not_equals":
      return { op, value: scalar() };
    case "in":
    case "not_in":
      return { op, value: [scalar(), scalar()].filter((v) => typeof v !== "boolean").concat(["US"]) };
    case "contains":
    case "not_contains":
    case "starts_with":
      return { op, value: pick(rng, ["u", "S", "sho", "GB", "a"]) };
    case "gt":
    case "gte":
    case "lt":
    case "lte":
      return { op, value: int(rng, 0, 100) / (rng() < 0.5 ? 1 : 10) };
    case "before":
    case "after":
      return { op, value: new Date(now - int(rng, 0, 150) * DAY).toISOString() };
    case "more_than_ago":
    case "less_than_ago":
      return { op, value: { amount: int(rng, 1, 150), unit: "days" } };
    default:
      return { op };
  }
}

const where = (rng: Rng, now: number) =>
  rng() < 0.6 ? undefined : [{ property: pick(rng, ["category", "value"]), ...valueFilter(rng, now, false) }];

function randomCondition(rng: Rng, now: number, depth: number): any {
  const kind = pick(rng, [
    "attribute",
    "attribute",
    "event",
    "event",
    "sequence",
    "sequence",
    "recency",
    "identifier",
    "segment",
    ...(depth < 3 ? ["group", "group"] : []),
  ]);
  switch (kind) {
    case "attribute": {
      const field = pick(rng, ["a", "b", "d", "email", "first_seen_at"]);
      if (field === "email")
        return {
          type: "attribute",
          field,
          ...pick(rng, [
            { op: "contains", value: "gmail" },
            { op: "equals", value: "ann1@gmail.com" },
            { op: "exists" },
            { op: "not_contains", value: "acme" },
          ]),
        };
      if (field === "first_seen_at")
        return {
          type: "attribute",
          field,
          op: pick(rng, ["more_than_ago", "less_than_ago"]),
          value: { amount: int(rng, 1, 100), unit: "days" },
        };
      return { type: "attribute", field, ...valueFilter(rng, now, true) };
    }
    case "event":
      return {
        type: "event",
        event: pick(rng, EVENT_NAMES),
        performed: rng() < 0.7,
        frequency: rng() < 0.5 ? undefined : { op: pick(rng, ["at_least", "at_most", "exactly"]), times: int(rng, 0, 3) },
        window: win(rng, now),
        where: where(rng, now),
      };
    case "sequence":
      return {
        type: "sequence",
        did: { event: pick(rng, EVENT_NAMES), where: where(rng, now) },
        window: win(rng, now),
        atLeastAgo: rng() < 0.5 ? dur(rng) : undefined,
        noneSince: rng() < 0.8 ? { event: pick(rng, EVENT_NAMES), where: where(rng, now) } : undefined,
      };
    case "recency":
      return {
        type: "recency",
        event: pick(rng, EVENT_NAMES),
        where: where(rng, now),
        op: pick(rng, ["more_than", "less_than"]),
        ago: dur(rng),
        orNever: rng() < 0.5,
      };
    case "identifier":
      return { type: "identifier", identifier: pick(rng, ["email", "phone", "external_id", "email_or_phone"]), present: rng() < 0.6 };
    case "segment":
      return { type: "segment", segmentId: pick(rng, ["seg_a", "seg_b"]), membership: pick(rng, ["in", "not_in"]) };
    default:
      return {
        type: "group",
        match: pick(rng, ["all", "any"]),
        conditions: Array.from({ length: int(rng, 1, 3) }, () => randomCondition(rng, now, depth + 1)),
      };
  }
}

function randomDefinition(rng: Rng, now: number): SegmentDefinition {
  const raw = { match: pick(rng, ["all", "any"]), conditions: Array.from({ length: int(rng, 0, 3) }, () => randomCondition(rng, now, 1)) };
  return segmentDefinition.parse(raw);
}

// ---------- the test ----------

const SEEDS = [1, 2, 3, 4];
const DEFINITIONS_PER_WORLD = 120;

describe("compiled SQL agrees with the reference evaluator", () => {
  let client: pg.PoolClient;
  beforeAll(async () => {
    client = await pool().connect();
  });
  afterAll(() => client.release());

  for (const seed of SEEDS) {
    it(`world ${seed}: ${DEFINITIONS_PER_WORLD} random definitions`, async () => {
      const rng = mulberry32(seed);
      const world = randomWorld(rng, 80);
      await writeWorld(client, world);
      let nonTrivial = 0;
      for (let k = 0; k < DEFINITIONS_PER_WORLD; k++) {
        const def = randomDefinition(rng, world.now);
        const expected = referenceMembers(def, world);
        if (expected.length > 0 && expected.length < world.profiles.length) nonTrivial++;
        // Both plans: reading the events rollup where exact, and raw events only.
        for (const rollup of [true, false]) {
          const compiled = compileSegment(def, { now: world.now, rollup });
          const { rows } = await client.query<{ profile_id: string }>(membersSql(compiled), compiled.params);
          const actual = rows.map((r) => Number(r.profile_id)).sort((a, b) => a - b);
          expect(actual, `seed ${seed}, definition ${k}, rollup ${rollup}: ${JSON.stringify(def)}`).toEqual(expected);
          const count = (await client.query(countSql(compiled), compiled.params)).rows[0].count;
          expect(count).toBe(expected.length);
        }
      }
      // The generator must exercise real cases, not mostly "everyone" or "no one".
      expect(nonTrivial).toBeGreaterThan(DEFINITIONS_PER_WORLD / 2);
    });
  }
});

// "Did any of these" groups: "did" rules that share a window and filters compile to one set
// read with name = ANY (conditions.ts); the general generator rarely draws two such rules.
function anyOfEventsDefinition(rng: Rng, now: number): SegmentDefinition {
  const window = win(rng, now);
  const filters = where(rng, now);
  const did = (event: string) => ({ type: "event", event, performed: true, window, where: filters });
  const names = EVENT_NAMES.filter(() => rng() < 0.6);
  const group = {
    type: "group",
    match: "any",
    conditions: [
      ...(names.length ? names : EVENT_NAMES.slice(0, 2)).map(did),
      ...(rng() < 0.4 ? [randomCondition(rng, now, 3)] : []),
      ...(rng() < 0.3 ? [{ type: "event", event: pick(rng, EVENT_NAMES), performed: true, window: win(rng, now) }] : []),
    ],
  };
  const raw =
    rng() < 0.5 ? { match: "any", conditions: group.conditions } : { match: "all", conditions: [group, randomCondition(rng, now, 2)] };
  return segmentDefinition.parse(raw);
}

describe("'any of these events' groups agree with the reference evaluator", () => {
  it("world 21: 60 random definitions", async () => {
    const client = await pool().connect();
    try {
      const rng = mulberry32(21);
      const world = randomWorld(rng, 80);
      await writeWorld(client, world);
      let [nonTrivial, merged] = [0, 0];
      for (let k = 0; k < 60; k++) {
        const def = anyOfEventsDefinition(rng, world.now);
        const expected = referenceMembers(def, world);
        if (expected.length > 0 && expected.length < world.profiles.length) nonTrivial++;
        for (const rollup of [true, false]) {
          const compiled = compileSegment(def, { now: world.now, rollup });
          if (compiled.with.includes("name = ANY(")) merged++;
          const { rows } = await client.query<{ profile_id: string }>(membersSql(compiled), compiled.params);
          const actual = rows.map((r) => Number(r.profile_id)).sort((a, b) => a - b);
          expect(actual, `definition ${k}, rollup ${rollup}: ${JSON.stringify(def)}`).toEqual(expected);
        }
      }
      expect(nonTrivial).toBeGreaterThan(30);
      expect(merged).toBeGreaterThan(60); // of 120 compilations: the merged form is what is tested
    } finally {
      client.release();
    }
  });
});

// ---------- incremental (near-real-time) evaluation vs a full refresh ----------

// Two segments with the same definition live through the same random history: "inc" is
// refreshed for the people whose data changed only (what lib/segments/realtime does when
// events arrive), "full" for everyone. Each round the clock moves on and both get the
// scheduled full refresh (which must then agree), then some people get new events, new
// attributes or a changed membership in a referenced segment, and the two refreshes run at
// the same instant: memberships, entry times and cap exits must be identical.

const INCREMENTAL_SEEDS = [11, 12];
const INCREMENTAL_DEFINITIONS = 20;
const ROUNDS = 3;

async function segmentState(client: pg.PoolClient, id: string) {
  const members = await client.query(
    `SELECT profile_id::int AS id, entered_at FROM segment_memberships WHERE segment_id = $1 ORDER BY profile_id`,
    [id],
  );
  const caps = await client.query(
    `SELECT profile_id::int AS id, capped_at FROM segment_cap_exits WHERE segment_id = $1 ORDER BY profile_id`,
    [id],
  );
  const size = (await client.query(`SELECT size FROM segments WHERE id = $1`, [id])).rows[0].size;
  return { members: members.rows, caps: caps.rows, size };
}

async function changeSomePeople(client: pg.PoolClient, rng: Rng, world: World, now: number): Promise<string[]> {
  const changed = new Set<number>();
  for (let k = int(rng, 4, 14); k > 0; k--) changed.add(pick(rng, world.profiles).id);
  for (const id of changed) {
    const what = rng();
    if (what < 0.6) {
      const events = Array.from({ length: int(rng, 1, 3) }, () => ({
        name: pick(rng, EVENT_NAMES),
        at: now - int(rng, 0, 4 * 24) * HOUR,
        properties: rng() < 0.7 ? { category: pick(rng, CATEGORIES), value: int(rng, 0, 100) } : {},
      }));
      for (const e of events)
        await client.query(
          `INSERT INTO events (profile_id, name, properties, occurred_at) VALUES ($1, $2, $3, $4::timestamptz AT TIME ZONE 'UTC')`,
          [id, e.name, JSON.stringify(e.properties), new Date(e.at).toISOString()],
        );
    } else if (what < 0.85) {
      const value = pick(rng, [...COUNTRIES, int(rng, 0, 10), null, true]);
      await client.query(`UPDATE profiles SET attributes = attributes || jsonb_build_object($2::text, $3::jsonb) WHERE id = $1`, [
        id,
        pick(rng, ["a", "b", "d"]),
        JSON.stringify(value),
      ]);
    } else {
      const seg = pick(rng, ["seg_a", "seg_b"]);
      const { rowCount } = await client.query(`DELETE FROM segment_memberships WHERE segment_id = $1 AND profile_id = $2`, [seg, id]);
      if (!rowCount) await client.query(`INSERT INTO segment_memberships (segment_id, profile_id) VALUES ($1, $2)`, [seg, id]);
    }
  }
  return [...changed].map(String);
}

describe("incremental evaluation agrees with a full refresh", () => {
  let client: pg.PoolClient;
  beforeAll(async () => {
    client = await pool().connect();
  });
  afterAll(() => client.release());

  for (const seed of INCREMENTAL_SEEDS) {
    it(`world ${seed}: ${INCREMENTAL_DEFINITIONS} random definitions over ${ROUNDS} rounds of changes`, async () => {
      const { refreshSegment } = await import("@/lib/segments/refresh/refresh-segment");
      const rng = mulberry32(seed);
      let changedSomething = 0;
      for (let k = 0; k < INCREMENTAL_DEFINITIONS; k++) {
        const world = randomWorld(rng, 40);
        await writeWorld(client, world);
        const base = randomDefinition(rng, world.now);
        const def = rng() < 0.4 ? { ...base, cap: { days: int(rng, 1, 3) } } : base;
        for (const id of ["inc", "full"])
          await client.query(`INSERT INTO segments (id, name, definition, updated_at) VALUES ($1, $1, $2, now())`, [
            id,
            JSON.stringify(def),
          ]);
        let now = world.now;
        for (let round = 0; round < ROUNDS; round++) {
          now += int(rng, 1, 48) * HOUR;
          const label = `seed ${seed}, definition ${k}, round ${round}: ${JSON.stringify(def)}`;
          // The scheduled pass: the histories so far must leave both segments in the same place. It runs
          // twice to settle: a person the cap just let out, whose data has activity dated after that exit
          // (future timestamps), comes back at the next refresh even with nothing new. Then every refresh
          // at this instant changes only what the changes below cause.
          for (const id of ["inc", "full"]) for (let pass = 0; pass < 2; pass++) await refreshSegment(id, { trigger: "schedule", now });
          expect(await segmentState(client, "inc"), `${label} (after the scheduled pass)`).toEqual(await segmentState(client, "full"));
          const changed = await changeSomePeople(client, rng, world, now);
          const inc = await refreshSegment("inc", { trigger: "realtime", now, only: changed });
          await refreshSegment("full", { trigger: "schedule", now });
          if (inc.entered + inc.exited + inc.capped > 0) changedSomething++;
          expect(await segmentState(client, "inc"), label).toEqual(await segmentState(client, "full"));
        }
      }
      // The changes must move people in and out, or the comparison proves nothing.
      expect(changedSomething).toBeGreaterThan(INCREMENTAL_DEFINITIONS / 5);
    });
  }
});
