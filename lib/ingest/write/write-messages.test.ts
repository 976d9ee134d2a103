import { describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import type { IngestMessage } from "@/lib/ingest/message";
import { writeMessages } from "@/lib/ingest/write/write-messages";

// The identity rules, against a real Postgres (README "Identity rules").
const at = new Date("2026-06-10T12:00:00.000Z");
const opts = { sourceId: "src_test", receivedAt: new Date("2026-06-10T12:05:00.000Z"), country: "US" };
let seq = 0;
const track = (m: Partial<IngestMessage>, name = "Viewed"): IngestMessage => ({
  externalId: null,
  anonymousId: null,
  ...m,
  event: { type: "track", name, properties: { n: ++seq }, messageId: `m-${seq}`, occurredAt: at },
});

async function person(externalId: string) {
  const { rows } = await pool().query(`SELECT * FROM profiles WHERE external_id = $1`, [externalId]);
  return rows[0];
}
const eventsOf = async (profileId: string) =>
  (await pool().query(`SELECT name, anonymous_id FROM events WHERE profile_id = $1 ORDER BY id`, [profileId])).rows;

describe("writeMessages", () => {
  it("creates a person keyed by external id with identifiers normalized and raw kept", async () => {
    const r = await writeMessages(
      [
        {
          externalId: " u1 ".trim(),
          anonymousId: null,
          email: "  Jane.Doe@Example.COM ",
          phone: "(415) 555-0134",
          traits: { plan: "pro" },
        },
      ],
      opts,
    );
    expect(r).toMatchObject({ people: 1, stored: 0 });
    const p = await person("u1");
    expect(p).toMatchObject({
      email_raw: "  Jane.Doe@Example.COM ",
      email: "jane.doe@example.com",
      email_error: null,
      phone_raw: "(415) 555-0134",
      phone: "+14155550134",
      phone_valid: true,
      attributes: { plan: "pro" },
    });
    expect(p.email_sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("keeps an invalid phone raw with the reason, and never erases an identifier it was not sent", async () => {
    await writeMessages([{ externalId: "u2", anonymousId: null, email: "a@b.co", phone: "555-013" }], opts);
    await writeMessages([{ externalId: "u2", anonymousId: null, traits: { city: "Paris" } }], opts);
    expect(await person("u2")).toMatchObject({
      email: "a@b.co",
      phone_raw: "555-013",
      phone: null,
      phone_valid: false,
      phone_error: "too short for US",
      attributes: { city: "Paris" },
    });
  });

  it("keeps anonymous events, then joins them to the person when an identify links the anonymous id", async () => {
    await writeMessages([track({ anonymousId: "anon-1" }, "Viewed Product"), track({ anonymousId: "anon-1" }, "Added to Cart")], opts);
    const before = await pool().query(`SELECT count(*)::int AS n FROM events WHERE anonymous_id = 'anon-1' AND profile_id IS NULL`);
    expect(before.rows[0].n).toBe(2);
    const r = await writeMessages([{ ...track({ externalId: "u3", anonymousId: "anon-1" }, "identify") }], opts);
    expect(r).toMatchObject({ linked: 1, backfilled: 2, stored: 1 });
    const p = await person("u3");
    expect((await eventsOf(p.id)).map((e) => e.name)).toEqual(["Viewed Product", "Added to Cart", "identify"]);
    expect(p.anonymous_ids).toEqual(["anon-1"]);
    // Later anonymous events go straight to the person.
    await writeMessages([track({ anonymousId: "anon-1" }, "Checkout")], opts);
    expect((await eventsOf(p.id)).map((e) => e.name)).toContain("Checkout");
  });

  it("links an anonymous id to the first person only", async () => {
    await writeMessages([track({ externalId: "u4", anonymousId: "shared" })], opts);
    await writeMessages([track({ externalId: "u5", anonymousId: "shared" })], opts);
    const { rows } = await pool().query(
      `SELECT p.external_id FROM profile_aliases a JOIN profiles p ON p.id = a.profile_id WHERE anonymous_id = 'shared'`,
    );
    expect(rows).toEqual([{ external_id: "u4" }]);
  });

  it("updates the existing person when an email arrives instead of creating a second one", async () => {
    // Known only by email (e.g. a CSV row), then the same person identifies with an external id.
    await writeMessages([{ externalId: null, anonymousId: null, email: "Maria@Shop.com", traits: { source: "csv" } }], opts);
    await writeMessages([{ externalId: "u6", anonymousId: null, email: "maria@shop.com ", traits: { plan: "gold" } }], opts);
    const { rows } = await pool().query(`SELECT external_id, attributes FROM profiles WHERE email = 'maria@shop.com'`);
    expect(rows).toEqual([{ external_id: "u6", attributes: { source: "csv", plan: "gold" } }]);
    // An anonymous identify with that email updates the same person and links the anonymous id.
    await writeMessages([{ externalId: null, anonymousId: "anon-m", email: "MARIA@shop.com", traits: { newsletter: true } }], opts);
    expect((await person("u6")).attributes).toEqual({ source: "csv", plan: "gold", newsletter: true });
    expect((await pool().query(`SELECT count(*)::int AS n FROM profiles WHERE email = 'maria@shop.com'`)).rows[0].n).toBe(1);
  });

  it("stores each message id once", async () => {
    const m = track({ externalId: "u7" });
    expect((await writeMessages([m, m], opts)).stored).toBe(1);
    expect(await writeMessages([m], opts)).toMatchObject({ stored: 0, duplicates: 1 });
  });

  it("merges attributes from concurrent batches for the same people without deadlocks or lost keys", async () => {
    const ids = Array.from({ length: 40 }, (_, i) => `c${i}`);
    const batches = Array.from({ length: 12 }, (_, b) => {
      const order = b % 2 ? [...ids].reverse() : ids; // opposite orders: would deadlock without key ordering
      return order.map((externalId) => ({ ...track({ externalId, anonymousId: `a-${externalId}` }), traits: { [`k${b}`]: b } }));
    });
    const results = await Promise.all(batches.map((msgs) => writeMessages(msgs, opts)));
    expect(results.reduce((n, r) => n + r.stored, 0)).toBe(12 * 40);
    const { rows } = await pool().query(`SELECT attributes FROM profiles WHERE external_id = ANY($1)`, [ids]);
    expect(rows).toHaveLength(40);
    for (const r of rows) expect(Object.keys(r.attributes).sort()).toEqual(Array.from({ length: 12 }, (_, b) => `k${b}`).sort());
  });

  it("survives concurrent batches that mix every identity path on the same people", async () => {
    const people = Array.from({ length: 15 }, (_, i) => i);
    await writeMessages(
      people.map((i) => ({ externalId: `mix${i}`, anonymousId: `mix-anon-${i}` })),
      opts,
    );
    const batches = Array.from({ length: 10 }, (_, b) => {
      const msgs: IngestMessage[] = [];
      for (const i of b % 2 ? [...people].reverse() : people) {
        msgs.push({ ...track({ externalId: `mix${i}` }), email: `Mix${i}@Example.com`, traits: { [`e${b}`]: b } });
        msgs.push({ ...track({ anonymousId: `mix-anon-${i}` }), traits: { [`a${b}`]: b } }); // linked anonymous id: updates by profile id
        msgs.push({ externalId: null, anonymousId: null, email: `only${i}@example.com`, traits: { [`o${b}`]: b } }); // email-keyed
      }
      return msgs;
    });
    await Promise.all(batches.map((msgs) => writeMessages(msgs, opts)));
    const { rows } = await pool().query(`SELECT external_id, attributes FROM profiles WHERE external_id LIKE 'mix%' ORDER BY external_id`);
    expect(rows).toHaveLength(15);
    for (const r of rows) expect(Object.keys(r.attributes)).toHaveLength(20); // e0..e9 and a0..a9, none lost
    const emailOnly = await pool().query(`SELECT email, attributes FROM profiles WHERE email LIKE 'only%'`);
    expect(emailOnly.rows).toHaveLength(15); // one person per email, never two
    for (const r of emailOnly.rows) expect(Object.keys(r.attributes)).toHaveLength(10);
  });

  it("ignores data for suppressed people", async () => {
    await pool().query(`INSERT INTO suppressed_people (external_id) VALUES ('gone')`);
    const r = await writeMessages([track({ externalId: "gone" })], opts);
    expect(r).toMatchObject({ suppressed: 1, stored: 0 });
    expect(await person("gone")).toBeUndefined();
  });
});

/** Seeded pseudo-random letters: Postgres compresses index entries, so a repeated letter would fit. */
function incompressible(n: number) {
  let x = 99;
  return Array.from({ length: n }, () => String.fromCharCode(97 + ((x = (x * 1103515245 + 12345) % 2 ** 31) % 26))).join("");
}

describe("writeMessages when the database refuses one message", () => {
  it("stores the rest of the batch and reports the refused message by position", async () => {
    // Past the parse-time limits on purpose: a raw invalid email over the btree row limit
    // (profiles_invalid_email_raw_idx) used to fail the whole batch on every retry.
    const batch: IngestMessage[] = [
      track({ externalId: "net-1" }),
      { ...track({ externalId: "net-2" }), email: `${incompressible(4000)}@` },
      track({ externalId: "net-3" }),
      { ...track({ externalId: "net-4" }), traits: { plan: "pro" } },
      track({ externalId: "net-5" }),
    ];
    const r = await writeMessages(batch, opts);
    expect(r.failed).toEqual([{ position: 1, error: expect.stringContaining("could not be stored") }]);
    expect(r.stored).toBe(4);
    const { rows } = await pool().query(`SELECT external_id FROM profiles WHERE external_id LIKE 'net-%' ORDER BY 1`);
    expect(rows.map((x) => x.external_id)).toEqual(["net-1", "net-3", "net-4", "net-5"]);
  });
});
