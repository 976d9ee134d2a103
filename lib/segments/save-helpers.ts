import type { Actor } from "@/lib/auth/actor";
import type { Prisma } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/logger";
import type { SegmentDefinition } from "@/lib/segments/definition";
import { describeDefinition } from "@/lib/segments/describe";
import { referenceIssues } from "@/lib/segments/references";
import { refreshSegment, type RefreshResult } from "@/lib/segments/refresh/refresh-segment";
import { invalidDefinition, loadStoredSegments } from "@/lib/segments/store";

// Shared by create and update: reference checks and the plain-English summary (both need
// every stored segment), and the refresh that follows a definition change.

type Tx = Prisma.TransactionClient;

/** Throws a 400 for missing or looping segment references; returns the version summary. */
export async function checkAndDescribe(tx: Tx, def: SegmentDefinition, selfId: string | null): Promise<string> {
  const stored = await loadStoredSegments(tx);
  const issues = referenceIssues(def, selfId, stored);
  if (issues.length) throw invalidDefinition(issues);
  return describeDefinition(def, { segmentNames: Object.fromEntries(stored.map((s) => [s.id, s.name])) });
}

/** Version authors are users; tokens and the system are named in the audit log instead. */
export const authorId = (actor: Actor) => (actor.type === "user" ? actor.id : null);

/**
 * Membership follows a definition change at once. A failure here does not undo the save:
 * the error is stored on the segment and the scheduled refresh tries again.
 */
export async function refreshAfterSave(segmentId: string): Promise<RefreshResult | null> {
  try {
    return await refreshSegment(segmentId, { trigger: "definition" });
  } catch (e) {
    logger.warn({ err: e, segmentId }, "refresh after save failed");
    return null;
  }
}

export const asJson = (def: SegmentDefinition) => def as unknown as Prisma.InputJsonValue;
