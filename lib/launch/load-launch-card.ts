import { db } from "@/lib/db";
import { launchChecklist, type LaunchChecklist } from "@/lib/launch/launch-checklist";

// What the sync page's checklist card needs besides the checklist: the people who can own
// alerts (everyone who can sign in), and the current owner.

export async function loadLaunchCard(
  syncId: string,
): Promise<{ checklist: LaunchChecklist; people: { id: string; label: string }[]; ownerId: string | null }> {
  const [checklist, users, plan] = await Promise.all([
    launchChecklist(syncId),
    db().user.findMany({ where: { disabledAt: null }, select: { id: true, email: true, name: true }, orderBy: { email: "asc" } }),
    db().syncLaunchPlan.findUnique({ where: { syncId }, select: { alertOwnerId: true } }),
  ]);
  return {
    checklist,
    people: users.map((u) => ({ id: u.id, label: u.name ? `${u.name} (${u.email})` : u.email })),
    ownerId: plan?.alertOwnerId ?? null,
  };
}
