import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { recordAudit } from "@/lib/audit";
import { db, pool } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { countPopulation } from "@/lib/people/population";

// The global control group setting (issue 15 item 2): off, or 1-15% of all people kept out of
// every promotional audience (lib/sync/plan-sql.ts reads it through global-control-sql.ts).
// Changing it is explicit (the caller confirms) and appends to the history, never overwrites:
// lift reports read the size that was in effect over the period they measure.

export const GLOBAL_CONTROL_MAX = 15;

export const globalControlInput = z.strictObject({
  percent: z.number().int().min(0).max(GLOBAL_CONTROL_MAX, `The control group can be at most ${GLOBAL_CONTROL_MAX}% of people.`),
  /** The person saw what the change does (who stops or starts receiving promotions) and said yes. */
  confirm: z.literal(true, "Confirm the change: it changes who receives promotional audiences."),
});

export type GlobalControlChange = { id: string; percent: number; actorLabel: string; changedAt: Date; until: Date | null };

/** Every change, newest first, each with the end of its period (the next change), and the one in effect. */
export async function globalControlHistory(): Promise<{ current: GlobalControlChange | null; changes: GlobalControlChange[] }> {
  const rows = await db().globalControlChange.findMany({ orderBy: { id: "desc" }, take: 200 });
  const changes = rows.map((r, i) => ({
    id: String(r.id),
    percent: r.percent,
    actorLabel: r.actorLabel,
    changedAt: r.changedAt,
    until: i === 0 ? null : rows[i - 1]!.changedAt,
  }));
  return { current: changes[0] ?? null, changes };
}

export async function setGlobalControl(actor: Actor, input: unknown): Promise<GlobalControlChange> {
  requireRole(actor, "admin");
  const parsed = globalControlInput.safeParse(input);
  if (!parsed.success) throw new AppError("validation_failed", parsed.error.issues[0]?.message ?? "Invalid setting.");
  const { percent } = parsed.data;
  return db().$transaction(async (tx) => {
    // Serializes concurrent changes so each copies the salt and sees the percent before it.
    await tx.$executeRawUnsafe("LOCK TABLE global_control_changes IN SHARE ROW EXCLUSIVE MODE");
    const last = await tx.globalControlChange.findFirst({ orderBy: { id: "desc" } });
    if ((last?.percent ?? 0) === percent) throw new AppError("conflict", `The control group is already ${describe(percent)}.`);
    const row = await tx.globalControlChange.create({
      data: {
        percent,
        salt: last?.salt ?? randomBytes(16).toString("hex"),
        actorType: actor.type,
        actorId: actor.id,
        actorLabel: actor.label,
      },
    });
    await recordAudit(tx, actor, {
      action: "global_control.change",
      entityType: "global_control",
      entityId: String(row.id),
      before: { percent: last?.percent ?? 0 },
      after: { percent },
    });
    return { id: String(row.id), percent, actorLabel: row.actorLabel, changedAt: row.changedAt, until: null };
  });
}

export const describe = (percent: number) => (percent === 0 ? "off" : `${percent}% of people`);

/** The settings page's figures: the history, and how many people there are (for "about N people" in the confirmation). */
export async function globalControlOverview() {
  const [history, population] = await Promise.all([globalControlHistory(), countPopulation(pool())]);
  return { ...history, population };
}
