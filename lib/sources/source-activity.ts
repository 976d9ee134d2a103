import { db } from "@/lib/db";
import { logger } from "@/lib/logger";

// "Last data received" per source, for the Sources page. Written at most every THROTTLE_MS per
// source per process: a busy source would otherwise update its row on every batch, and
// concurrent batches would queue on that one row lock.
const THROTTLE_MS = 30_000;
const lastWrite = new Map<string, number>();

export function touchSource(sourceId: string, at = new Date()): void {
  const previous = lastWrite.get(sourceId) ?? 0;
  if (at.getTime() - previous < THROTTLE_MS) return;
  lastWrite.set(sourceId, at.getTime());
  db()
    .source.update({ where: { id: sourceId }, data: { lastReceivedAt: at } })
    .catch((err) => logger.warn({ err, sourceId }, "could not record source activity"));
}
