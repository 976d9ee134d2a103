import os from "node:os";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { ensureQueue, queue } from "@/lib/jobs/queue";
import { jobs } from "@/lib/jobs/registry";
import { logger } from "@/lib/logger";
import { startDeliveryLoop } from "@/lib/delivery/delivery-loop";
import { fanOutEvents } from "@/lib/streams/fanout";
import { streamSender } from "@/lib/streams/stream-sender";
import { notificationSender } from "@/lib/monitoring/notifications/notification-sender";
import { startRealtimeSegments } from "@/lib/segments/realtime/realtime-loop";
import { startRollupFolding } from "@/lib/segments/sql/rollup-folding";
import { actionSender } from "@/lib/webhook-actions/runtime/action-sender";
import { webhookActionFeeder } from "@/lib/webhook-actions/runtime/webhook-action-feeder";

const HEARTBEAT_MS = 15_000;

// Subscribes to every registered job, installs their schedules, and writes a heartbeat
// that /api/health reads. Stateless: run as many as you like against the same database.
export async function startWorker() {
  const boss = await queue();
  for (const job of jobs) {
    await ensureQueue(job.name);
    // pg-boss 10 runs one handler per work() subscription at a time: subscribe N times for N at once.
    for (let i = 0; i < (job.concurrency ?? 1); i++) {
      await boss.work(job.name, async (batch: { id: string; data: unknown }[]) => {
        for (const item of batch) {
          const started = Date.now();
          const payload = job.payload.parse(item.data ?? {});
          await job.handler(payload);
          logger.info({ job: job.name, id: item.id, ms: Date.now() - started }, "job done");
        }
      });
    }
    if (job.cron) await boss.schedule(job.name, job.cron, {});
  }
  const id = randomUUID();
  const startedAt = new Date();
  const beat = () =>
    db()
      .workerHeartbeat.upsert({
        where: { id },
        create: { id, hostname: os.hostname(), pid: process.pid, startedAt, lastSeenAt: new Date() },
        update: { lastSeenAt: new Date() },
      })
      .catch((e) => logger.warn({ err: e }, "heartbeat failed"));
  await beat();
  const timer = setInterval(beat, HEARTBEAT_MS);
  // The delivery ledger runs beside the jobs: a loop, not a queued job, so an event is batched
  // within a fraction of a second rather than at the next job poll.
  const stopDelivery = startDeliveryLoop({
    feeders: [fanOutEvents, webhookActionFeeder],
    senders: [streamSender, notificationSender, actionSender],
  });
  // Segments that read newly arrived events are re-evaluated within seconds, for those people (lib/segments/realtime).
  const stopRealtime = startRealtimeSegments();
  // Rollup maxima appended by ingest are folded in every few seconds (readers fold first anyway).
  const stopFolding = startRollupFolding();
  logger.info({ jobs: jobs.map((j) => j.name) }, "worker started");
  return async () => {
    clearInterval(timer);
    await stopDelivery();
    await stopRealtime();
    await stopFolding();
    await db()
      .workerHeartbeat.delete({ where: { id } })
      .catch(() => {});
  };
}
