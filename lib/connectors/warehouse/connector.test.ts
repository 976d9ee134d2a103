import { afterAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { people } from "@/lib/connectors/test-fixtures";
import { closeWarehousePools, warehouseConnector, warehouseSettingsSchema } from "@/lib/connectors/warehouse/connector";
import { runSync } from "@/lib/sync/run-sync";
import { deliveredKeys, makeDestination, makeSegment, makeSync, seedPeople, setMembers } from "@/lib/sync/testing/fixtures";
import { desiredOracle, sorted } from "@/lib/sync/testing/oracle";

// The warehouse writes into a schema of the test database through its own connection string,
// exactly as it would into a customer's Postgres.

const url = () => process.env.DATABASE_URL!;
const ctx = (schema: string, extra: Record<string, unknown> = {}) => ({
  settings: warehouseSettingsSchema.parse({ schema, ...extra }),
  credentials: { connectionString: url() },
  fetch,
  batch: { runId: "r1", seq: 1, last: true },
});
afterAll(() => closeWarehousePools());

const rows = async (sql: string) => (await pool().query(sql)).rows;

describe("warehouse connector", () => {
  it("creates typed tables, writes membership and changes, and is idempotent on resend", async () => {
    const c = ctx("wh_one", { tablePrefix: "ds_" });
    const ref = await warehouseConnector.ensureAudience(c, { name: "Cart abandoners" });
    expect(await warehouseConnector.ensureAudience(c, { name: "Cart abandoners" })).toEqual(ref);
    const cols = await rows(
      `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'wh_one' AND table_name = 'ds_audience_members' ORDER BY ordinal_position`,
    );
    expect(cols.find((r) => r.column_name === "added_at")?.data_type).toBe("timestamp with time zone");

    const batch = people(1, 4, { externalId: true });
    const first = await warehouseConnector.addMembers(c, ref.id, batch);
    expect(first.items.every((i) => i.status === "ok")).toBe(true);
    expect(first.response).toEqual({ changed: 4 });
    expect((await warehouseConnector.addMembers(c, ref.id, batch)).response).toEqual({ changed: 0 }); // a resend after a crash

    const changedEmail = { ...batch[0]!, email: { normalized: "new@example.com", sha256: "a".repeat(64) } };
    await warehouseConnector.addMembers(c, ref.id, [changedEmail]);
    await warehouseConnector.removeMembers(c, ref.id, batch.slice(2));
    await warehouseConnector.removeMembers(c, ref.id, batch.slice(2));

    const members = await rows(`SELECT member_key, email, external_id FROM wh_one.ds_audience_members ORDER BY member_key`);
    expect(members).toEqual([
      { member_key: "1", email: "new@example.com", external_id: "crm-1" },
      { member_key: "2", email: "person2@example.com", external_id: "crm-2" },
    ]);
    const changes = await rows(`SELECT member_key, op, delivery FROM wh_one.ds_audience_changes ORDER BY id`);
    expect(changes.map((r) => `${r.op}:${r.member_key}`)).toEqual(["add:1", "add:2", "add:3", "add:4", "update:1", "remove:3", "remove:4"]);
    expect(changes[0]!.delivery).toBe("r1:add:1");
    expect(await warehouseConnector.getAudienceStats!(c, ref.id)).toMatchObject({ size: 2 });
  });

  it("recreates tables someone dropped, and stores hashes only when asked", async () => {
    const c = ctx("wh_two", { hashedOnly: true });
    const ref = await warehouseConnector.ensureAudience(c, { name: "A" });
    await pool().query("DROP SCHEMA wh_two CASCADE");
    await warehouseConnector.addMembers(c, ref.id, people(1, 2));
    const [m] = await rows(`SELECT email, email_sha256 FROM wh_two.audience_members ORDER BY member_key LIMIT 1`);
    expect(m!.email).toBeNull();
    expect(m!.email_sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("reports connection problems in the user's terms", async () => {
    expect(await warehouseConnector.testConnection(ctx("wh_test"))).toMatchObject({ ok: true });
    const bad = new URL(url());
    bad.password = "wrong";
    bad.username = "nobody";
    const result = await warehouseConnector.testConnection({ ...ctx("wh_test"), credentials: { connectionString: bad.toString() } });
    expect(result.ok).toBe(false);
    const refused = await warehouseConnector.testConnection({
      ...ctx("wh_test", { timeoutMs: 2_000 }),
      credentials: { connectionString: "postgresql://u:p@127.0.0.1:1/db" },
    });
    expect(refused).toMatchObject({ ok: false, kind: "network" });
  });

  it("is a sync destination: a run leaves the warehouse holding exactly the desired audience", async () => {
    await seedPeople(400);
    await makeSegment("wh_seg", "Repeat buyers", "p.id <= 300");
    const dest = await makeDestination("warehouse", { schema: "wh_sync", batchSize: 70 }, { connectionString: url() });
    const sync = await makeSync({ segmentId: "wh_seg", destinationId: dest.id, identifiers: ["email", "external_id"], holdoutPercent: 10 });
    expect(await runSync(sync.id, { trigger: "manual" })).toMatchObject({ status: "succeeded" });
    await setMembers("wh_seg", "p.id BETWEEN 50 AND 350");
    expect(await runSync(sync.id, { trigger: "manual" })).toMatchObject({ status: "succeeded" });
    const { desired } = await desiredOracle(sync.id);
    expect(sorted(await deliveredKeys(sync.id))).toEqual(sorted(desired));
    const inWarehouse = await rows(`SELECT member_key FROM wh_sync.audience_members`);
    expect(sorted(inWarehouse.map((r) => r.member_key))).toEqual(sorted(desired));
    const snapshot = await rows(
      `SELECT audience_size, reported_size FROM metric_snapshots WHERE sync_id = '${sync.id}' ORDER BY id DESC LIMIT 1`,
    );
    expect(snapshot[0]).toEqual({ audience_size: desired.size, reported_size: desired.size });
  });
});
