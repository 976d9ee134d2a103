import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { recordAudit } from "@/lib/audit";
import { connectorFor } from "@/lib/connectors/registry";
import { db, pool } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { effectiveIdentifiers } from "@/lib/sync/load-sync";
import { enqueueValidation } from "@/lib/validation/validation-job";
import { loadTestItems, sendable } from "@/lib/validation/validation-items";
import { parseHuman } from "@/lib/validation/human-issue";
import { pendingSteps, startValidationSchema, type StartValidationInput } from "@/lib/validation/validation-schemas";

// Starting a validation (the wizard's "Start", POST /api/v1/validations): checks everything that
// would make it untrue or unsafe before anything is sent, then records the run and queues it.
// Refused, with the reason and nothing sent: fewer than 1 or more than 50 profiles, anyone who
// is not a test profile (a real customer must never be used as a guinea pig), profiles with
// none of the sync's identifiers, a paused sync, a validation of the same sync still running.

export async function startValidation(actor: Actor, input: StartValidationInput) {
  requireRole(actor, "editor");
  const data = parseHuman(startValidationSchema, input);
  const ids = [...new Set(data.profileIds)];
  const sync = await db().sync.findUnique({ where: { id: data.syncId }, include: { destination: { select: { name: true, kind: true } } } });
  if (!sync) throw new AppError("not_found", "No such sync.");
  if (sync.state === "paused") {
    throw new AppError(
      "conflict",
      `“${sync.name}” is paused${sync.pausedReason ? ` (${sync.pausedReason})` : ""}: resume it before validating, nothing was sent.`,
    );
  }
  const profiles = await db().profile.findMany({ where: { id: { in: ids.map(BigInt) } }, select: { id: true, isTest: true, email: true } });
  const found = new Set(profiles.map((p) => String(p.id)));
  const unknown = ids.filter((id) => !found.has(id));
  if (unknown.length) throw refuse(`No profile with id ${unknown.join(", ")}.`);
  const real = profiles.filter((p) => !p.isTest);
  if (real.length) {
    throw refuse(
      `Only test profiles can be used: ${real.map((p) => p.email ?? `profile ${p.id}`).join(", ")} ${real.length === 1 ? "is a real person" : "are real people"}. Mark them as test profiles first, or choose others. Nothing was sent.`,
    );
  }
  const identifiers = effectiveIdentifiers(sync.identifiers, connectorFor(sync.destination.kind).supportedIdentifiers);
  const unsendable = (await loadTestItems(pool(), ids, identifiers)).filter((t) => !sendable(t));
  if (unsendable.length) {
    throw refuse(
      `${unsendable.map((t) => t.label).join(", ")} ${unsendable.length === 1 ? "has" : "have"} none of the identifiers this sync sends (${identifiers.join(", ").replace("external_id", "external id")}). Choose others. Nothing was sent.`,
    );
  }
  const running = await db().validationRun.findFirst({ where: { syncId: sync.id, state: "running" }, select: { id: true } });
  if (running) throw new AppError("conflict", "A validation of this sync is already running: wait for it to finish.");

  const run = await db().$transaction(async (tx) => {
    const created = await tx.validationRun.create({
      data: {
        syncId: sync.id,
        requestedBy: actor.label,
        requestedById: actor.id,
        profileIds: ids.map(BigInt),
        buyerProfileId: BigInt(ids[0]!),
        steps: pendingSteps() as object[],
      },
    });
    await recordAudit(tx, actor, {
      action: "validation.started",
      entityType: "sync",
      entityId: sync.id,
      after: { validationRunId: created.id, profiles: ids.length },
    });
    return created;
  });
  await enqueueValidation(run.id);
  return { id: run.id, syncId: sync.id, state: run.state, profiles: ids.length };
}

const refuse = (message: string) => new AppError("validation_failed", message, { issues: [{ path: "profileIds", message }] });
