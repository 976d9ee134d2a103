import { listAudit } from "@/lib/audit";
import { db } from "@/lib/db";

// The audit log as the console shows it: each entry with a readable name for the thing
// that changed (a user's email, a token's name) instead of only its id. Entities that no
// longer exist keep their id.
export async function listAuditEntries(options: { limit?: number; entityType?: string } = {}) {
  const entries = await listAudit(options);
  const idsOf = (type: string) => [...new Set(entries.filter((e) => e.entityType === type && e.entityId).map((e) => e.entityId as string))];
  const userIds = idsOf("user");
  const tokenIds = idsOf("api_token");
  const [users, tokens] = await Promise.all([
    userIds.length ? db().user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true } }) : [],
    tokenIds.length ? db().apiToken.findMany({ where: { id: { in: tokenIds } }, select: { id: true, name: true } }) : [],
  ]);
  const labels = new Map<string, string>([
    ...users.map((u) => [`user:${u.id}`, u.email] as const),
    ...tokens.map((t) => [`api_token:${t.id}`, t.name] as const),
  ]);
  return entries.map((e) => ({ ...e, entityLabel: e.entityId ? (labels.get(`${e.entityType}:${e.entityId}`) ?? null) : null }));
}
