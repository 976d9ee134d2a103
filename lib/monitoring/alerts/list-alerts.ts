import { z } from "zod";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Figures } from "@/lib/monitoring/alerts/finding";

// Alerts as the Alerts page, the API and (through the same record) the notifications show them:
// what happened, the numbers, the likely cause, and every transition with who and when.

export const ALERT_STATES = ["open", "acknowledged", "resolved"] as const;
export const alertListQuery = z
  .object({
    state: z
      .enum(["active", ...ALERT_STATES])
      .optional()
      .describe('"active" is open and acknowledged.'),
    syncId: z.string().min(1).max(100).optional(),
  })
  .strict();
export type AlertListQuery = z.infer<typeof alertListQuery>;

export type AlertView = {
  id: string;
  ruleId: string | null;
  ruleName: string;
  subject: string;
  syncId: string | null;
  state: (typeof ALERT_STATES)[number];
  severity: "warning" | "critical";
  title: string;
  summary: string;
  cause: string | null;
  figures: Figures;
  openedAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  resolvedAt: string | null;
  transitions: {
    transition: string;
    severity: string;
    summary: string;
    cause: string | null;
    actor: string | null;
    notifications: number;
    occurredAt: string;
  }[];
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);

type Row = Awaited<ReturnType<typeof load>>[number];

function load(where: object, take: number) {
  return db().alert.findMany({
    where,
    // Active first (critical before warning), then the most recent.
    orderBy: [{ resolvedAt: { sort: "desc", nulls: "first" } }, { severity: "asc" }, { openedAt: "desc" }],
    take,
    include: { transitions: { orderBy: { id: "asc" } } },
  });
}

function view(a: Row): AlertView {
  return {
    id: a.id,
    ruleId: a.ruleId,
    ruleName: a.ruleName,
    subject: a.subject,
    syncId: a.syncId,
    state: a.state as AlertView["state"],
    severity: a.severity as AlertView["severity"],
    title: a.title,
    summary: a.summary,
    cause: a.cause,
    figures: a.figures as Figures,
    openedAt: a.openedAt.toISOString(),
    acknowledgedAt: iso(a.acknowledgedAt),
    acknowledgedBy: a.acknowledgedBy,
    resolvedAt: iso(a.resolvedAt),
    transitions: a.transitions.map((t) => ({
      transition: t.transition,
      severity: t.severity,
      summary: t.summary,
      cause: t.cause,
      actor: t.actorLabel,
      notifications: t.notifications,
      occurredAt: t.occurredAt.toISOString(),
    })),
  };
}

export async function listAlerts(q: AlertListQuery = {}, take = 200): Promise<AlertView[]> {
  const state = q.state === "active" ? { in: ["open", "acknowledged"] } : q.state;
  const rows = await load({ ...(state ? { state } : {}), ...(q.syncId ? { syncId: q.syncId } : {}) }, take);
  return rows.map(view);
}

export async function getAlert(id: string): Promise<AlertView> {
  const [row] = await load({ id }, 1);
  if (!row) throw new AppError("not_found", "No such alert.");
  return view(row);
}
