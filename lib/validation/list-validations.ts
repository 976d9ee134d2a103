import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { parseSteps, type Step } from "@/lib/validation/validation-schemas";

// Validation runs as every screen and the API show them: the run, its sync, and its steps.

export type ValidationView = {
  id: string;
  syncId: string;
  syncName: string;
  destinationKind: string;
  state: "running" | "passed" | "failed" | "cancelled";
  requestedBy: string;
  profileIds: string[];
  buyerProfileId: string | null;
  currentStep: string | null;
  method: string | null;
  steps: Step[];
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
};

const include = { sync: { select: { name: true, destination: { select: { kind: true } } } } } as const;

type Row = NonNullable<Awaited<ReturnType<typeof findOne>>>;
const findOne = (id: string) => db().validationRun.findUnique({ where: { id }, include });

function view(r: Row): ValidationView {
  return {
    id: r.id,
    syncId: r.syncId,
    syncName: r.sync.name,
    destinationKind: r.sync.destination.kind,
    state: r.state,
    requestedBy: r.requestedBy,
    profileIds: r.profileIds.map(String),
    buyerProfileId: r.buyerProfileId === null ? null : String(r.buyerProfileId),
    currentStep: r.currentStep,
    method: r.method,
    steps: parseSteps(r.steps),
    error: r.error,
    createdAt: r.createdAt,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
  };
}

export async function getValidation(id: string): Promise<ValidationView> {
  const r = await findOne(id);
  if (!r) throw new AppError("not_found", "No such validation.");
  return view(r);
}

/** Newest first; keyset on (createdAt, id). */
export async function listValidations(opts: { syncId?: string; limit: number; before?: { createdAt: Date; id: string } | null }) {
  const rows = await db().validationRun.findMany({
    where: {
      ...(opts.syncId ? { syncId: opts.syncId } : {}),
      ...(opts.before
        ? { OR: [{ createdAt: { lt: opts.before.createdAt } }, { createdAt: opts.before.createdAt, id: { lt: opts.before.id } }] }
        : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: opts.limit,
    include,
  });
  return rows.map(view);
}

/** The syncs a validation can be started for, with when each was last validated. */
export async function validationSyncChoices() {
  const syncs = await db().sync.findMany({
    orderBy: { name: "asc" },
    select: {
      id: true,
      name: true,
      state: true,
      pausedReason: true,
      destination: { select: { name: true, kind: true } },
      validationRuns: { orderBy: { createdAt: "desc" }, take: 1, select: { state: true, finishedAt: true } },
    },
  });
  return syncs.map((s) => ({
    id: s.id,
    name: s.name,
    state: s.state,
    pausedReason: s.pausedReason,
    destinationName: s.destination.name,
    destinationKind: s.destination.kind,
    lastValidation: s.validationRuns[0] ?? null,
  }));
}
export type ValidationSyncChoice = Awaited<ReturnType<typeof validationSyncChoices>>[number];
