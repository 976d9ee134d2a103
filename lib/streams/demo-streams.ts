import { systemActor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { createStream } from "@/lib/streams/create-stream";
import { replayRange } from "@/lib/streams/replay-range";
import { ENGAGEMENT_METRICS } from "@/lib/streams/stream-schemas";

// The demo's event stream (for lib/demo/workspace.ts): every engagement metric into a table of the
// demo warehouse (a schema of the app's own database, like the demo's audience warehouse), filled
// with the last 7 days by a backfill so the table and the stream page open on real rows. Live events
// then arrive from the demo's engagement trickle (lib/demo/live-engagement.ts). Idempotent: does
// nothing once any stream exists.

export const DEMO_STREAM_DAYS = 7;

export async function ensureDemoStreams() {
  if ((await db().eventStream.count()) > 0) return null;
  const { stream } = await createStream(systemActor("demo"), {
    name: "Engagement → demo warehouse",
    description: "Every send, delivery, open, click, unsubscribe, bounce and conversion, for the analytics team's retention models.",
    selector: { metrics: [...ENGAGEMENT_METRICS] },
    destination: {
      kind: "warehouse",
      settings: { schema: "demo_warehouse", table: "engagement_events" },
      credentials: { connectionString: env().DATABASE_URL },
    },
  });
  const now = new Date();
  const backfill = await replayRange(stream.id, new Date(now.getTime() - DEMO_STREAM_DAYS * 86_400_000), now);
  return { streamId: stream.id, backfilled: backfill.queued };
}
