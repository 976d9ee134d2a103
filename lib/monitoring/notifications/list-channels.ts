import { bigintCursor, type PageQuery } from "@/lib/api/paging";
import { db, pool } from "@/lib/db";
import { listAttempts, ATTEMPT_OUTCOME_WORDS } from "@/lib/delivery/attempts";
import { endpointFigures, type EndpointFigures } from "@/lib/delivery/endpoint-figures";
import { AppError } from "@/lib/errors";
import { channelView, type ChannelView } from "@/lib/monitoring/notifications/channel-view";

// Channels with what their ledger endpoint says about them (the one place delivery state lives):
// whether the last notification got through, what the channel answered, and what is still owed.

export type ChannelStatus = {
  state: "working" | "failing" | "holding" | "paused" | "unused";
  word: string;
  /** Why, in a sentence (the transport's own error for a failing channel); null when there is nothing to say. */
  reason: string | null;
};

export type LastAttempt = {
  at: Date;
  outcome: string;
  outcomeWord: string;
  status: number | null;
  error: string | null;
  excerpt: string | null;
};

export type ListedChannel = ChannelView & {
  status: ChannelStatus;
  lastAttempt: LastAttempt | null;
  /** Notifications owed: waiting, retrying or held. */
  queued: number;
  /** Notifications that used up every retry; kept, and sent again by replay. */
  dead: number;
  delivered24h: number;
};

const plural = (n: number, one: string, many: string) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

export function statusOf(f: EndpointFigures | undefined, last: LastAttempt | null): ChannelStatus {
  if (f?.health.state === "paused") return { state: "paused", word: "Paused", reason: f.health.reason };
  if (f?.health.state === "holding")
    return {
      state: "holding",
      word: "Not reaching",
      reason: last?.error ? `${last.error} ${f.health.reason ?? ""}`.trim() : f.health.reason,
    };
  if (last && last.outcome !== "delivered") {
    const owed = f?.queued ? ` ${plural(f.queued, "notification is", "notifications are")} waiting and will be retried.` : "";
    return { state: "failing", word: "Failing", reason: `${last.error ?? last.outcomeWord}${owed}` };
  }
  if (last) return { state: "working", word: "Working", reason: null };
  return { state: "unused", word: "Not used yet", reason: "Nothing sent yet. Use “Send test” to check it." };
}

async function lastAttempts(ids: string[]): Promise<Map<string, LastAttempt>> {
  const out = new Map<string, LastAttempt>();
  if (!ids.length) return out;
  const { rows } = await pool().query<{
    endpoint_id: string;
    started_at: Date;
    outcome: string;
    status: number | null;
    error: string | null;
    response_excerpt: string | null;
  }>(
    `SELECT DISTINCT ON (endpoint_id) endpoint_id, started_at, outcome, status, error, response_excerpt
       FROM delivery_attempts WHERE endpoint_id = ANY($1::text[]) ORDER BY endpoint_id, id DESC`,
    [ids],
  );
  for (const r of rows)
    out.set(r.endpoint_id, {
      at: r.started_at,
      outcome: r.outcome,
      outcomeWord: ATTEMPT_OUTCOME_WORDS[r.outcome] ?? r.outcome,
      status: r.status,
      error: r.error,
      excerpt: r.response_excerpt,
    });
  return out;
}

async function withStatus(views: ChannelView[]): Promise<ListedChannel[]> {
  const ids = views.map((v) => v.id);
  const [figures, last] = await Promise.all([endpointFigures(ids), lastAttempts(ids)]);
  return views.map((v) => {
    const f = figures.get(v.id);
    const l = last.get(v.id) ?? null;
    return { ...v, status: statusOf(f, l), lastAttempt: l, queued: f?.queued ?? 0, dead: f?.dead ?? 0, delivered24h: f?.delivered24h ?? 0 };
  });
}

export async function listChannels(): Promise<ListedChannel[]> {
  const rows = await db().notificationChannel.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return withStatus(rows.map(channelView));
}

export async function getChannel(channelId: string): Promise<ListedChannel> {
  const row = await db().notificationChannel.findUnique({ where: { id: channelId } });
  if (!row) throw new AppError("not_found", "No such notification channel.");
  return (await withStatus([channelView(row)]))[0]!;
}

/** Every attempt the ledger made for this channel, newest first (each notification, test or alert). */
export async function channelAttempts(channelId: string, page: PageQuery) {
  bigintCursor(page.cursor);
  const row = await db().notificationChannel.findUnique({ where: { id: channelId }, select: { id: true } });
  if (!row) throw new AppError("not_found", "No such notification channel.");
  return listAttempts(channelId, page);
}
