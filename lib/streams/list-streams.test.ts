import { describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { db, pool } from "@/lib/db";
import { createStream } from "@/lib/streams/create-stream";
import { getStream, streamAttempts, streamDeadLetters } from "@/lib/streams/get-stream";
import { listStreams } from "@/lib/streams/list-streams";
import { replayStream } from "@/lib/streams/replay-stream";
import { pauseStream, resumeStream } from "@/lib/streams/update-stream";

// The list, the page and the API read a stream's state and figures from the ledger, and a person's
// pause, resume and replay go through it, each audited.

const editor: Actor = { type: "user", id: "u1", label: "ed@x.test", role: "editor" };
const viewer: Actor = { type: "user", id: "u2", label: "vi@x.test", role: "viewer" };

describe("a stream's state, figures and records", () => {
  it("shows what the ledger says: paused with who paused it, dead letters counted and listed, replayed on request", async () => {
    const { stream } = await createStream(editor, {
      name: "Figures",
      selector: { metrics: ["opened"] },
      destination: { kind: "webhook", settings: { url: "https://hooks.example.com/in" } },
    });
    expect((await getStream(stream.id)).health.state).toBe("idle");

    await pool().query(
      `INSERT INTO deliveries (endpoint_id, ordering_key, payload, state, dead_at) VALUES ($1, 'p:1', '{}', 'dead', now()), ($1, 'p:2', '{}', 'dead', now())`,
      [stream.id],
    );
    const listed = (await listStreams()).find((s) => s.id === stream.id)!;
    expect(listed.figures).toMatchObject({ dead: 2, queued: 0 });
    const { deadLetters } = await streamDeadLetters(stream.id, { limit: 1 });
    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0]!.personLabel).toBe("a deleted person"); // p:2 names no stored person

    await expect(pauseStream(viewer, stream.id)).rejects.toMatchObject({ code: "forbidden" });
    await pauseStream(editor, stream.id);
    expect((await getStream(stream.id)).health).toMatchObject({ state: "paused", word: "Paused", reason: "Paused by ed@x.test" });
    await resumeStream(editor, stream.id);
    expect((await getStream(stream.id)).health.state).not.toBe("paused");

    expect(await replayStream(editor, stream.id, { deliveryIds: [deadLetters[0]!.deliveryId] })).toEqual({ replayed: 1 });
    expect(await replayStream(editor, stream.id, { deadLetters: "all" })).toEqual({ replayed: 1 });
    expect((await getStream(stream.id)).figures).toMatchObject({ dead: 0, queued: 2 });
    const actions = (await db().auditLog.findMany({ where: { entityId: stream.id }, orderBy: { id: "asc" } })).map((a) => a.action);
    expect(actions).toEqual([
      "event_stream.created",
      "event_stream.paused",
      "event_stream.resumed",
      "event_stream.replayed",
      "event_stream.replayed",
    ]);
  });

  it("answers 404 for a stream that does not exist, never an empty list", async () => {
    await expect(getStream("nope")).rejects.toMatchObject({ code: "not_found" });
    await expect(streamAttempts("nope", { limit: 5 })).rejects.toMatchObject({ code: "not_found" });
    await expect(streamDeadLetters("nope", { limit: 5 })).rejects.toMatchObject({ code: "not_found" });
    await expect(replayStream(editor, "nope", { deadLetters: "all" })).rejects.toMatchObject({ code: "not_found" });
    await expect(streamAttempts("nope", { limit: 5, cursor: "bad" })).rejects.toMatchObject({ code: "bad_request" });
  });
});
