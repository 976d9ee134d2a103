import { listAudit } from "@/lib/audit";
import { db } from "@/lib/db";

// The audit log as the console shows it: each entry with a readable name for the thing
// that changed (a user's email, a token's name, an event stream's name) instead of only its id. Entities that no
// longer exist keep their id.
export async function listAuditEntries(options: { limit?: number; entityType?: string } = {}) {
  const entries = await listAudit(options);
  const idsOf = (type: string) => [...new Set(entries.filter((e) => e.entityType === type && e.entityId).map((e) => e.entityId as string))];
  const userIds = idsOf("user");
  const tokenIds = idsOf("api_token");
  const streamIds = idsOf("event_stream");
  const [users, tokens, streams] = await Promise.all([
    userIds.length ? db().user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true } }) : [],
    tokenIds.length ? db().apiToken.findMany({ where: { id: { in: tokenIds } }, select: { id: true, name: true } }) : [],
    streamIds.length ? db().eventStream.findMany({ where: { id: { in: streamIds } }, select: { id: true, name: true } }) : [],
  ]);
  const labels = new Map<string, string>([
    ...users.map((u) => [`user:${u.id}`, u.email] as const),
    ...tokens.map((t) => [`api_token:${t.id}`, t.name] as const),
    ...streams.map((s) => [`event_stream:${s.id}`, s.name] as const),
  ]);
  return entries.map((e) => ({ ...e, entityLabel: e.entityId ? (labels.get(`${e.entityType}:${e.entityId}`) ?? null) : null }));
}
