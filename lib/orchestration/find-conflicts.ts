import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { pool } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { computeOverlap } from "@/lib/measurement/overlap";
import {
  cartEntryDelayMs,
  parseDefinition,
  readsPurchase,
  untimedCartEvents,
  type Definitions,
} from "@/lib/orchestration/definition-timing";
import { eventNoun } from "@/lib/segments/catalog";
import { RULES_IN_SCOPE_SQL } from "@/lib/suppression/rules-in-scope";

// Orchestration conflicts (issue 15 item 4), found from the configuration and the live audiences
// every time they are asked for: nothing is stored, so a fix shows at once. The sync page, the
// Monitoring page and GET /api/v1/conflicts all read this one function.

/** Two promotional audiences on one ad account sharing more than this share of either one. */
export const OVERLAP_THRESHOLD = 0.3;
/** The playbook: wait 30-60 minutes before assuming suppression took effect; owned channels go first. */
export const OWNED_RECOVERY_MS = 60 * 60_000;

const AD_KINDS = new Set(["meta", "google_ads", "tiktok"]);

export const conflictKinds = ["audience_overlap", "no_purchase_suppression", "ad_before_owned_recovery", "cart_without_timebox"] as const;
export type ConflictKind = (typeof conflictKinds)[number];
type Ref = { id: string; name: string; href: string };
export type Conflict = {
  id: string;
  kind: ConflictKind;
  severity: "warning";
  title: string;
  message: string;
  action: string;
  syncs: Ref[];
  segments: Ref[];
  overlap?: { people: number; shareOfFirst: number; shareOfSecond: number };
};

export const conflictsQuery = z.strictObject({
  syncId: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[\w-]+$/, "must be a sync id")
    .optional()
    .describe("Only the conflicts this sync is part of."),
});

type SyncRow = {
  id: string;
  name: string;
  promotional: boolean;
  cap_days: number | null;
  segment_id: string;
  segment_name: string;
  segment_cap: number | null;
  destination_id: string;
  destination_name: string;
  kind: string;
  settings: Record<string, unknown> | null;
};

/** The platform account a destination sends to: the same ad account behind two destinations is one audience pool. */
export function accountKey(
  kind: string,
  destinationId: string,
  settings: Record<string, unknown> | null,
): { key: string; label: string | null } {
  const s = settings ?? {};
  const raw = kind === "meta" ? s.adAccountId : kind === "google_ads" ? s.customerId : kind === "tiktok" ? s.advertiserId : undefined;
  if (typeof raw !== "string" && typeof raw !== "number") return { key: `destination:${destinationId}`, label: null };
  const id = String(raw).trim().replace(/^act_/, "").replace(/-/g, "");
  return id ? { key: `${kind}:${id}`, label: String(raw) } : { key: `destination:${destinationId}`, label: null };
}

const PLATFORM: Record<string, string> = {
  meta: "Meta",
  google_ads: "Google Ads",
  tiktok: "TikTok",
  webhook: "webhook",
  warehouse: "warehouse",
};
const pct = (share: number) => `${Math.round(share * 100)}%`;
const minutes = (ms: number) => Math.round(ms / 60_000);
const syncRef = (s: SyncRow): Ref => ({ id: s.id, name: s.name, href: `/syncs/${s.id}` });
const segmentRef = (s: SyncRow): Ref => ({ id: s.segment_id, name: s.segment_name, href: `/segments/${s.segment_id}` });
const quote = (s: string) => `“${s}”`;

export async function findConflicts(actor: Actor, input: unknown = {}): Promise<{ conflicts: Conflict[]; overlapThreshold: number }> {
  requireRole(actor, "viewer");
  const parsed = conflictsQuery.safeParse(input);
  if (!parsed.success) throw new AppError("validation_failed", parsed.error.issues[0]?.message ?? "Invalid conflicts request.");
  const only = parsed.data.syncId;

  const [{ rows: syncs }, { rows: segs }, { rows: rules }] = await Promise.all([
    pool().query<SyncRow>(
      `SELECT s.id, s.name, s.promotional, s.cap_days, g.id AS segment_id, g.name AS segment_name, g.cap_days AS segment_cap,
              d.id AS destination_id, d.name AS destination_name, d.kind::text AS kind, d.settings
       FROM syncs s JOIN segments g ON g.id = s.segment_id JOIN destinations d ON d.id = s.destination_id
       ORDER BY s.name, s.id`,
    ),
    pool().query<{ id: string; definition: unknown }>(`SELECT id, definition FROM segments`),
    pool().query<{ sync_id: string; segment_id: string }>(`SELECT sync_id, segment_id FROM (${RULES_IN_SCOPE_SQL}) x`),
  ]);
  if (only && !syncs.some((s) => s.id === only)) throw new AppError("not_found", `No sync ${JSON.stringify(only)}.`);
  const defs: Definitions = new Map(segs.map((s) => [s.id, parseDefinition(s.definition)]));
  const involves = (s: SyncRow) => !only || s.id === only;
  const conflicts: Conflict[] = [];

  for (const s of syncs.filter(involves)) {
    const def = defs.get(s.segment_id) ?? null;
    const ad = AD_KINDS.has(s.kind);
    const where = `${PLATFORM[s.kind] ?? s.kind} (${s.destination_name})`;

    if (s.promotional) {
      const covering = rules.filter((r) => r.sync_id === s.id && readsPurchase(defs.get(r.segment_id) ?? null, defs));
      if (!covering.length)
        conflicts.push({
          id: `no_purchase_suppression:${s.id}`,
          kind: "no_purchase_suppression",
          severity: "warning",
          title: "No purchase suppression",
          message: `${quote(s.name)} is promotional, but no suppression rule that looks at purchases applies to it, so people who just bought stay in the audience and you keep paying to reach them.`,
          action:
            "Add a purchase suppression rule that covers this sync (for example, people who completed an order in the last 30 days, for all promotional syncs).",
          syncs: [syncRef(s)],
          segments: [segmentRef(s)],
        });
    }

    const delay = cartEntryDelayMs(def, defs);
    if (ad && delay !== null && delay < OWNED_RECOVERY_MS) {
      const when = delay === 0 ? "as soon as they add to cart or start checkout" : `${minutes(delay)} minutes after a cart or checkout`;
      conflicts.push({
        id: `ad_before_owned_recovery:${s.id}`,
        kind: "ad_before_owned_recovery",
        severity: "warning",
        title: "Ads start before email and SMS had their chance",
        message: `${quote(s.name)} puts people into a ${where} audience ${when}. Owned channels should get the first touch, and an ad platform can take 30–60 minutes to honour a suppression, so you pay for ads to people who were about to buy anyway.`,
        action: `Start the ad audience after ${minutes(OWNED_RECOVERY_MS)} minutes: in ${quote(s.segment_name)}, use “did … at least ${minutes(OWNED_RECOVERY_MS)} minutes ago, and no purchase since”.`,
        syncs: [syncRef(s)],
        segments: [segmentRef(s)],
      });
    }

    const untimed = s.cap_days || s.segment_cap || def?.cap ? [] : untimedCartEvents(def, defs);
    if (untimed.length)
      conflicts.push({
        id: `cart_without_timebox:${s.id}`,
        kind: "cart_without_timebox",
        severity: "warning",
        title: "Cart audience without a timebox",
        message: `${quote(s.segment_name)} keeps people in for their ${untimed.map(eventNoun).join(" and ")} with no time limit, so ${quote(s.name)} goes on targeting carts from months ago.`,
        action: `Add a window (“in the last 3 days”) to the ${untimed.map(eventNoun).join(" and ")} rule, or a timebox on the segment or the sync.`,
        syncs: [syncRef(s)],
        segments: [segmentRef(s)],
      });
  }

  // Overlap: promotional syncs sending to one platform account, pair by pair (computeOverlap reads audience_members).
  const byAccount = new Map<string, SyncRow[]>();
  for (const s of syncs.filter((x) => x.promotional)) {
    const { key } = accountKey(s.kind, s.destination_id, s.settings);
    byAccount.set(key, [...(byAccount.get(key) ?? []), s]);
  }
  for (const group of byAccount.values())
    for (let i = 0; i < group.length; i++)
      for (let j = i + 1; j < group.length; j++) {
        const [a, b] = [group[i]!, group[j]!];
        if (!involves(a) && !involves(b)) continue;
        const o = await computeOverlap(actor, {
          items: [
            { kind: "sync", id: a.id },
            { kind: "sync", id: b.id },
          ],
        });
        const pair = o.pairs[0];
        if (!pair || pair.people === 0) continue;
        const [sa, sb] = [pair.shareOfA ?? 0, pair.shareOfB ?? 0];
        if (Math.max(sa, sb) <= OVERLAP_THRESHOLD) continue;
        const account = accountKey(a.kind, a.destination_id, a.settings).label;
        const place = account ? `${PLATFORM[a.kind]} account ${account}` : `the same destination (${a.destination_name})`;
        conflicts.push({
          id: `audience_overlap:${a.id}:${b.id}`,
          kind: "audience_overlap",
          severity: "warning",
          title: "Two audiences on one account overlap",
          message: `${quote(a.name)} and ${quote(b.name)} both send to ${place}, and ${pair.people.toLocaleString("en-US")} people are in both (${pct(sa)} of ${quote(a.name)}, ${pct(sb)} of ${quote(b.name)}). Your campaigns bid against each other for them.`,
          action: `Exclude one audience from the other (add “not in ${b.segment_name}” to ${quote(a.segment_name)}), or use intent tiers so each person is in one audience only.`,
          syncs: [syncRef(a), syncRef(b)],
          segments: [segmentRef(a), segmentRef(b)],
          overlap: { people: pair.people, shareOfFirst: sa, shareOfSecond: sb },
        });
      }

  return { conflicts, overlapThreshold: OVERLAP_THRESHOLD };
}
