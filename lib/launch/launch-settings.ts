import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";

// Workspace launch settings, one row in the settings table: how recent a passed test-cohort
// validation must be, whether editors' go-lives and live-segment changes need an admin's
// approval, and what share of a live audience a segment change may remove before it needs an
// explicit confirmation. Read on every check (a single primary-key read): no cache to go stale.

export const LAUNCH_SETTINGS_KEY = "launch.settings";

export const launchSettingsSchema = z.object({
  validationMaxAgeDays: z
    .number()
    .int()
    .min(1, "At least 1 day")
    .max(365, "At most 365 days")
    .meta({ label: "Validation valid for (days)" }),
  approvalsEnabled: z.boolean().meta({ label: "Require approval" }),
  riskyRemovalPercent: z
    .number()
    .int()
    .min(1, "At least 1%")
    .max(100, "At most 100%")
    .meta({ label: "Confirm a change removing more than (%)" }),
});
export type LaunchSettings = z.infer<typeof launchSettingsSchema>;

export const DEFAULT_LAUNCH_SETTINGS: LaunchSettings = { validationMaxAgeDays: 14, approvalsEnabled: false, riskyRemovalPercent: 30 };

export async function launchSettings(): Promise<LaunchSettings> {
  const row = await db().setting.findUnique({ where: { key: LAUNCH_SETTINGS_KEY } });
  const parsed = launchSettingsSchema.partial().safeParse(row?.value ?? {});
  return { ...DEFAULT_LAUNCH_SETTINGS, ...(parsed.success ? parsed.data : {}) };
}

export const updateLaunchSettingsInput = launchSettingsSchema.partial().strict();

export async function updateLaunchSettings(actor: Actor, input: unknown): Promise<LaunchSettings> {
  requireRole(actor, "admin");
  const change = updateLaunchSettingsInput.parse(input);
  const before = await launchSettings();
  const after = { ...before, ...change };
  await db().$transaction(async (tx) => {
    await tx.setting.upsert({
      where: { key: LAUNCH_SETTINGS_KEY },
      create: { key: LAUNCH_SETTINGS_KEY, value: after },
      update: { value: after },
    });
    await recordAudit(tx, actor, {
      action: "launch.settings_changed",
      entityType: "setting",
      entityId: LAUNCH_SETTINGS_KEY,
      before,
      after,
    });
  });
  return after;
}
