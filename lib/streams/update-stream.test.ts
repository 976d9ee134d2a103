import { beforeAll, describe, expect, it } from "vitest";
import { parseInput } from "@/lib/actions/action-result";
import type { Actor } from "@/lib/auth/actor";
import { db, pool } from "@/lib/db";
import type { IngestMessage } from "@/lib/ingest/message";
import { writeMessages } from "@/lib/ingest/write/write-messages";
import { listAuditEntries } from "@/lib/settings/audit-entries";
import { createStream, createStreamInput } from "@/lib/streams/create-stream";
import { fanOutEvents } from "@/lib/streams/fanout";
import { openStreamCredentials } from "@/lib/streams/stream-credentials";
import { updateStream } from "@/lib/streams/update-stream";

// Editing a stream as the console's edit form does (the whole settings object, blank secrets kept):
// refusals name the field with the sentence creating uses, the audit entry says what changed and
// never a secret, and a new selection applies to events stored after the change while events
// already queued keep going (what the edit page says under the selector).

const editor: Actor = { type: "user", id: "u1", label: "ed@x.test", role: "editor" };
const viewer: Actor = { type: "user", id: "u2", label: "vi@x.test", role: "viewer" };
const at = new Date("2026-06-01T10:00:00Z");
let seq = 0;

async function ingest(name: string, person: string) {
  const msg: IngestMessage = {
    externalId: person,
    anonymousId: null,
    event: { type: "track", name, properties: {}, messageId: `m-${name}-${++seq}`, occurredAt: at },
  };
  await writeMessages([msg], { sourceId: "src-u", receivedAt: at, country: "US" });
}

async function queuedNames(streamId: string) {
  const { rows } = await pool().query<{ name: string }>(
    `SELECT e.name FROM deliveries d JOIN events e ON e.id = d.event_id WHERE d.endpoint_id = $1 ORDER BY e.id`,
    [streamId],
  );
  return rows.map((r) => r.name);
}

async function webhookStream(name: string) {
  const { stream } = await createStream(editor, {
    name,
    selector: { metrics: ["opened"], channels: ["email"] },
    destination: {
      kind: "webhook",
      settings: { url: "https://hooks.example.com/in", headers: { "X-Team": "growth" } },
      credentials: { authorization: "Bearer keep-me" },
    },
  });
  return stream;
}

beforeAll(async () => {
  await ingest("order_completed", "cus_0");
});

describe("editing a stream from the console", () => {
  it("refuses a bad batch size naming the field with the same sentence as creating", async () => {
    const stream = await webhookStream("Sizes");
    const settings = { ...stream.destination.settings, batchSize: 5_000 };
    const e = await updateStream(editor, stream.id, { destination: { settings } }).then(
      () => null,
      (err: { code: string; message: string; details?: { issues?: { path: string; message: string }[] } }) => err,
    );
    const created = parseInput(createStreamInput, {
      name: "x",
      selector: { metrics: ["opened"] },
      destination: { kind: "webhook", settings: { url: "https://hooks.example.com/in", batchSize: 5_000 } },
    });
    expect(created.ok).toBe(false);
    const createSays = !created.ok ? created.fieldErrors?.["destination.settings.batchSize"] : undefined;
    expect(createSays).toBe("Events per request must be 1,000 or less");
    expect(e?.code).toBe("validation_failed");
    expect(e?.details?.issues).toEqual([{ path: "destination.settings.batchSize", message: createSays }]);
    // The summary is for people: no field paths in it.
    expect(e?.message).toBe(`${createSays}.`);
    await expect(updateStream(viewer, stream.id, { destination: { settings: { ...settings, batchSize: 10 } } })).rejects.toMatchObject({
      code: "forbidden",
    });
  });

  it("saves the whole settings object with a blank Authorization kept, and audits before and after without secrets", async () => {
    const stream = await webhookStream("Batches");
    const saved = await updateStream(editor, stream.id, {
      name: "Batches of 25",
      selector: { metrics: ["clicked"], channels: ["email"], names: ["order_completed"] },
      destination: { settings: { ...stream.destination.settings, batchSize: 25 }, credentials: {} },
    });
    expect(saved.destination.settings).toMatchObject({
      url: "https://hooks.example.com/in",
      batchSize: 25,
      headers: { "X-Team": "growth" },
    });
    expect(saved.forwards).toBe("Email clicked; order_completed");
    const row = await db().eventStream.findUniqueOrThrow({ where: { id: stream.id } });
    expect(openStreamCredentials("webhook", row.credentialsEnc).authorization).toBe("Bearer keep-me");

    const audit = await db().auditLog.findFirstOrThrow({ where: { entityId: stream.id, action: "event_stream.updated" } });
    expect(audit.before).toMatchObject({ name: "Batches", settings: { batchSize: 500 }, selector: { metrics: ["opened"] } });
    expect(audit.after).toMatchObject({
      name: "Batches of 25",
      settings: { batchSize: 25 },
      selector: { metrics: ["clicked"], names: ["order_completed"] },
      credentialsReplaced: [],
    });
    expect(JSON.stringify([audit.before, audit.after])).not.toContain("keep-me");

    await updateStream(editor, stream.id, {
      destination: { settings: saved.destination.settings, credentials: { authorization: "Bearer new-one" } },
    });
    const replaced = await db().auditLog.findFirstOrThrow({
      where: { entityId: stream.id, action: "event_stream.updated" },
      orderBy: { id: "desc" },
    });
    expect(replaced.after).toMatchObject({ credentialsReplaced: ["authorization"] });
    expect(JSON.stringify(replaced.after)).not.toContain("new-one");
    const after = await db().eventStream.findUniqueOrThrow({ where: { id: stream.id } });
    expect(openStreamCredentials("webhook", after.credentialsEnc).authorization).toBe("Bearer new-one");
    // The audit log names the stream as the console does, under its own filter.
    const entries = await listAuditEntries({ entityType: "event_stream" });
    expect(entries.filter((e) => e.entityId === stream.id).map((e) => [e.action, e.entityLabel])).toEqual([
      ["event_stream.updated", "Batches of 25"],
      ["event_stream.updated", "Batches of 25"],
      ["event_stream.created", "Batches of 25"],
    ]);
  });

  it("applies a new selection to events stored after the change; events already queued keep going", async () => {
    const stream = await webhookStream("Reselect");
    await ingest("email_opened", "cus_1");
    await fanOutEvents();
    expect(await queuedNames(stream.id)).toEqual(["email_opened"]);

    await updateStream(editor, stream.id, { selector: { metrics: ["clicked"], channels: ["email"] } });
    await ingest("email_opened", "cus_2");
    await ingest("email_clicked", "cus_3");
    await fanOutEvents();
    // The opened event queued before the change stays; after it, only clicks are taken.
    expect(await queuedNames(stream.id)).toEqual(["email_opened", "email_clicked"]);
  });
});
