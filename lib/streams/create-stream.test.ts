import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { db, pool } from "@/lib/db";
import { verifyStandard, signStandard } from "@/lib/delivery/signing";
import { env } from "@/lib/env";
import type { IngestMessage } from "@/lib/ingest/message";
import { writeMessages } from "@/lib/ingest/write/write-messages";
import { createStream } from "@/lib/streams/create-stream";
import { deleteStream, undeliveredCount } from "@/lib/streams/delete-stream";
import { endStreamRotation, rotateStreamSecret } from "@/lib/streams/rotate-stream-secret";
import { openStreamCredentials } from "@/lib/streams/stream-credentials";
import { updateStream } from "@/lib/streams/update-stream";
import { closeWarehouseEventPools } from "@/lib/streams/warehouse-writer";

// A stream's record through the functions the console and the API call: secrets sealed and shown
// once, bad input refused naming the field, the ledger endpoint made and dropped with the stream.

const editor: Actor = { type: "user", id: "u1", label: "ed@x.test", role: "editor" };
const viewer: Actor = { type: "user", id: "u2", label: "vi@x.test", role: "viewer" };
const webhook = (url = "https://hooks.example.com/events") => ({ kind: "webhook" as const, settings: { url } });

beforeAll(async () => {
  const at = new Date("2026-06-01T10:00:00Z");
  const msg = (name: string, i: number): IngestMessage => ({
    externalId: `cus_${i}`,
    anonymousId: null,
    event: { type: "track", name, properties: {}, messageId: `m-${name}-${i}`, occurredAt: at },
  });
  await writeMessages([msg("checkout_started", 1), msg("order_completed", 2), msg("email_opened", 3)], {
    sourceId: "src-s",
    receivedAt: at,
    country: "US",
  });
});
afterAll(() => closeWarehouseEventPools());

async function refusal(p: Promise<unknown>) {
  const e = (await p.then(
    () => null,
    (err: unknown) => err,
  )) as {
    code?: string;
    message: string;
    details?: { issues?: { path: string; message: string }[] };
    issues?: { path: (string | number)[] }[];
  };
  expect(e, "expected a refusal").not.toBeNull();
  return e;
}

describe("creating a stream", () => {
  it("needs an editor", async () => {
    const e = await refusal(createStream(viewer, { name: "x", selector: { metrics: ["opened"] }, destination: webhook() }));
    expect(e.code).toBe("forbidden");
  });

  it("makes the record, its ledger endpoint and the audit entry in one go, and shows the signing secret once", async () => {
    const { rows: before } = await pool().query<{ x: string }>(`SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS x`);
    const { stream, signingSecret } = await createStream(editor, {
      name: "Engagement to growth",
      selector: { metrics: ["opened", "clicked"], channels: ["email"], names: ["order_completed"] },
      destination: { kind: "webhook", settings: { url: "https://hooks.example.com/events" }, credentials: { authorization: "Bearer abc" } },
    });
    expect(signingSecret).toMatch(/^whsec_/);
    expect(JSON.stringify(stream)).not.toContain(signingSecret);
    expect(JSON.stringify(stream)).not.toContain("Bearer abc");
    expect(stream.signingSecrets).toEqual([
      { createdAt: expect.any(String), expiresAt: null, preview: `whsec_…${signingSecret!.slice(-4)}` },
    ]);
    expect(stream.destination.credentialsSet.sort()).toEqual(["authorization", "signingSecrets"]);
    expect(stream.forwards).toBe("Email opened and clicked; order_completed");

    const endpoint = await db().deliveryEndpoint.findUnique({ where: { id: stream.id } });
    expect(endpoint).toMatchObject({ kind: "event_stream", state: "active" });
    const row = await db().eventStream.findUniqueOrThrow({ where: { id: stream.id } });
    // Events from transactions that start after creation are forwarded; those before are history.
    expect(row.startXid).toBeGreaterThanOrEqual(BigInt(before[0]!.x));
    expect(row.credentialsEnc).not.toContain("whsec_");
    expect(openStreamCredentials("webhook", row.credentialsEnc).signingSecrets[0]!.secret).toBe(signingSecret);
    const audit = await db().auditLog.findFirstOrThrow({ where: { entityId: stream.id, action: "event_stream.created" } });
    expect(JSON.stringify(audit.after)).not.toContain(signingSecret);
    expect(JSON.stringify(audit.after)).not.toContain("Bearer abc");
  });

  it("refuses an invalid URL naming the field", async () => {
    const e = await refusal(createStream(editor, { name: "x", selector: { metrics: ["opened"] }, destination: webhook("ftp://nope") }));
    expect(e.issues?.map((i) => i.path.join("."))).toContain("destination.settings.url");
    const plain = await refusal(
      createStream(editor, { name: "x", selector: { metrics: ["opened"] }, destination: webhook("http://hooks.example.com") }),
    );
    expect(JSON.stringify(plain)).toContain("https://");
  });

  it("refuses an event nobody ever sent, with the close match and the known events", async () => {
    const e = await refusal(createStream(editor, { name: "x", selector: { names: ["chekout_started"] }, destination: webhook() }));
    expect(e.code).toBe("validation_failed");
    expect(e.details?.issues?.[0]?.path).toBe("selector.names.0");
    expect(e.message).toContain("No event named `chekout_started` has been received yet. Did you mean `checkout_started`?");
    expect(e.message).toContain("Known events: `checkout_started`, `email_opened`, `order_completed`.");
    const p = await refusal(createStream(editor, { name: "x", selector: { patterns: ["refund_*"] }, destination: webhook() }));
    expect(p.details?.issues?.[0]?.path).toBe("selector.patterns.0");
    // An engagement metric that has not happened yet, and patterns that match known events, are fine.
    await createStream(editor, {
      name: "ok",
      selector: { names: ["sms_bounced"], patterns: ["checkout_*", "*_clicked"] },
      destination: webhook(),
    });
  });

  it("refuses a warehouse it cannot reach, naming the connection string", async () => {
    const e = await refusal(
      createStream(editor, {
        name: "wh",
        selector: { metrics: ["opened"] },
        destination: { kind: "warehouse", settings: {}, credentials: { connectionString: "postgres://u:p@127.0.0.1:1/nope" } },
      }),
    );
    expect(e.details?.issues?.[0]?.path).toBe("destination.credentials.connectionString");
    const ok = await createStream(editor, {
      name: "wh",
      selector: { metrics: ["opened"] },
      destination: { kind: "warehouse", settings: { table: "stream_events" }, credentials: { connectionString: env().DATABASE_URL } },
    });
    expect(ok.signingSecret).toBeNull();
    expect(ok.stream.destination.credentialsSet).toEqual(["connectionString"]);
    expect(JSON.stringify(ok.stream)).not.toContain(env().DATABASE_URL);
  });
});

describe("changing a stream", () => {
  it("keeps a saved Authorization only for the URL it was entered for", async () => {
    const { stream } = await createStream(editor, {
      name: "Auth",
      selector: { metrics: ["opened"] },
      destination: { kind: "webhook", settings: { url: "https://a.example.com/in" }, credentials: { authorization: "Bearer one" } },
    });
    const moved = await refusal(updateStream(editor, stream.id, { destination: { settings: { url: "https://evil.example.com/in" } } }));
    expect(moved.details?.issues?.[0]?.path).toBe("destination.credentials.authorization");
    const ok = await updateStream(editor, stream.id, {
      name: "Auth 2",
      destination: { settings: { url: "https://b.example.com/in", batchSize: 50 }, credentials: { authorization: "Bearer two" } },
    });
    expect(ok.destination.settings).toMatchObject({ url: "https://b.example.com/in", batchSize: 50 });
    const row = await db().eventStream.findUniqueOrThrow({ where: { id: stream.id } });
    expect(openStreamCredentials("webhook", row.credentialsEnc).authorization).toBe("Bearer two");
    const bad = await refusal(updateStream(editor, stream.id, { selector: { names: ["order_complete"] } }));
    expect(bad.message).toContain("`order_completed`");
  });

  it("rotates the signing secret with both signing for a day, and ends the rotation on request", async () => {
    const { stream, signingSecret: first } = await createStream(editor, {
      name: "Rot",
      selector: { metrics: ["opened"] },
      destination: webhook(),
    });
    const now = new Date("2026-12-01T12:00:00Z");
    const { stream: rotated, signingSecret: second } = await rotateStreamSecret(editor, stream.id, now);
    expect(second).not.toBe(first);
    expect(rotated.signingSecrets).toEqual([
      { createdAt: now.toISOString(), expiresAt: null, preview: `whsec_…${second.slice(-4)}` },
      expect.objectContaining({ expiresAt: "2026-12-02T12:00:00.000Z", preview: `whsec_…${first!.slice(-4)}` }),
    ]);
    // A receiver still holding the old secret verifies a request signed with both.
    const creds = openStreamCredentials("webhook", (await db().eventStream.findUniqueOrThrow({ where: { id: stream.id } })).credentialsEnc);
    const ts = Math.floor(Date.now() / 1000);
    const signature = signStandard(
      creds.signingSecrets.map((s) => s.secret),
      "msg_1",
      ts,
      "{}",
    );
    expect(verifyStandard([first!], { id: "msg_1", timestamp: ts, signature }, "{}")).toEqual({ ok: true });
    expect(verifyStandard([second], { id: "msg_1", timestamp: ts, signature }, "{}")).toEqual({ ok: true });
    const ended = await endStreamRotation(editor, stream.id);
    expect(ended.signingSecrets.map((s) => s.preview)).toEqual([`whsec_…${second.slice(-4)}`]);
    await expect(rotateStreamSecret(viewer, stream.id)).rejects.toMatchObject({ code: "forbidden" });
  });

  it("deletes the stream with its endpoint and says how many undelivered events went with it", async () => {
    const { stream } = await createStream(editor, { name: "Del", selector: { metrics: ["opened"] }, destination: webhook() });
    await pool().query(`INSERT INTO deliveries (endpoint_id, ordering_key, payload) VALUES ($1, 'p1', '{}'), ($1, 'p2', '{}')`, [
      stream.id,
    ]);
    expect(await undeliveredCount(stream.id)).toBe(2);
    await expect(deleteStream(viewer, stream.id)).rejects.toMatchObject({ code: "forbidden" });
    expect(await deleteStream(editor, stream.id)).toEqual({ dropped: 2 });
    expect(await db().deliveryEndpoint.findUnique({ where: { id: stream.id } })).toBeNull();
    expect(await undeliveredCount(stream.id)).toBe(0);
    await expect(deleteStream(editor, stream.id)).rejects.toMatchObject({ code: "not_found" });
  });
});
