import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { hasRole } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import { parseHuman } from "@/lib/validation/human-issue";
import { launchChecklist } from "@/lib/launch/launch-checklist";

// The go-live gate, enforced in lib/sync's setSyncState and createSync: the one place every path
// (console, API, config as code, approvals) passes through. A sync goes live only when every gate
// of its checklist passes, or an admin overrides with a reason (written to the audit log by the
// caller, in the same transaction as the state change).

export const overrideReason = z
  .string()
  .trim()
  .min(3, "Say why it goes live with gates open")
  .max(1000)
  .meta({ label: "Reason for the override" });

export type GoLiveDecision = { override: { reason: string; gates: string[] } | null };

export async function checkGoLive(actor: Actor, syncId: string, override?: string | null): Promise<GoLiveDecision> {
  const checklist = await launchChecklist(syncId);
  if (checklist.ready) return { override: null };
  const open = checklist.gates.filter((g) => checklist.failing.includes(g.key));
  const list = open.map((g) => `${g.label} (${g.summary})`).join("; ");
  if (override == null || override === "")
    throw new AppError(
      "conflict",
      `This sync cannot go live: ${open.length} launch ${open.length === 1 ? "gate is" : "gates are"} not met: ${list}. An admin can override with a reason.`,
      { gates: checklist.failing },
    );
  if (!hasRole(actor.role, "admin"))
    throw new AppError(
      "forbidden",
      `Only an admin can override the launch checklist; ${actor.label} is ${actor.role === "editor" ? "an" : "a"} ${actor.role}.`,
    );
  return { override: { reason: parseHuman(overrideReason, override), gates: open.map((g) => g.label) } };
}

/** A brand-new sync has never been validated with test profiles, so it can go live at creation only by an admin override. */
export function checkCreateLive(actor: Actor, override?: string | null): { reason: string } {
  if (override == null || override === "")
    throw new AppError(
      "conflict",
      "A new sync starts as a draft: it goes live once its launch checklist passes (a test-cohort validation among its gates), or an admin overrides with a reason.",
      { issues: [{ path: "state", message: "Create it as a draft, then go live from its page." }] },
    );
  if (!hasRole(actor.role, "admin"))
    throw new AppError("forbidden", `Only an admin can override the launch checklist; ${actor.label} is not an admin.`);
  return { reason: parseHuman(overrideReason, override) };
}
