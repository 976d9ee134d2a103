import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import { asJson, authorId, checkAndDescribe, refreshAfterSave } from "@/lib/segments/save-helpers";
import { createSegmentInput } from "@/lib/segments/segment-input";
import { parseHuman } from "@/lib/validation/human-issue";
import { definitionOrBadRequest } from "@/lib/segments/store";

/** Creates a segment (version 1) and materializes its membership straight away. */
export async function createSegment(actor: Actor, input: unknown) {
  requireRole(actor, "editor");
  const data = parseHuman(createSegmentInput, input);
  const definition = definitionOrBadRequest(data.definition);
  const segment = await db().$transaction(async (tx) => {
    const summary = await checkAndDescribe(tx, definition, null);
    const created = await tx.segment.create({
      data: {
        name: data.name,
        description: data.description ?? null,
        definition: asJson(definition),
        capDays: definition.cap?.days ?? null,
        refreshIntervalMinutes: data.refreshIntervalMinutes ?? 15,
        createdById: authorId(actor),
        versions: { create: { version: 1, definition: asJson(definition), summary, createdById: authorId(actor) } },
      },
    });
    await recordAudit(tx, actor, {
      action: "segment.created",
      entityType: "segment",
      entityId: created.id,
      after: { name: created.name, version: 1, definition, summary },
    });
    return created;
  });
  const refresh = await refreshAfterSave(segment.id);
  return { segment, refresh };
}
