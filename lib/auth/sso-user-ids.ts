import { db } from "@/lib/db";

/** The people linked to a single sign-on identity (their role follows the provider's groups). */
export async function ssoUserIds(): Promise<Set<string>> {
  const rows = await db().userIdentity.findMany({ select: { userId: true }, distinct: ["userId"] });
  return new Set(rows.map((r) => r.userId));
}
