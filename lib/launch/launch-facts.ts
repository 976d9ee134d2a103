import { connectorFor } from "@/lib/connectors/registry";
import type { DestinationKind } from "@/lib/connectors/contract";
import { db, pool } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { GATE_KEYS, type GateKey, type LaunchFacts, type Signoff } from "@/lib/launch/gates";
import { launchSettings } from "@/lib/launch/launch-settings";
import { loadRules } from "@/lib/monitoring/alerts/load-rules";
import type { StoredRule } from "@/lib/monitoring/alerts/rule-schemas";
import { describeEntry, describeExit, describeRules } from "@/lib/segments/describe";
import { segmentNames, storedDefinition } from "@/lib/segments/store";
import { RULES_IN_SCOPE_SQL } from "@/lib/suppression/rules-in-scope";
import { segmentCoverage } from "@/lib/sync/segment-coverage";
import { latestValidation } from "@/lib/validation/latest-validation";

// Everything the checklist decides from, read once per sync. Each fact comes from the module
// that owns it (connection tests from destinations, coverage from the identity audit's SQL,
// the describer, the one suppression brain, the validation runs, the alert rules), never a copy.

const PURCHASE_EVENT = "order_completed";
const BIT: Record<string, number> = { email: 1, phone: 2, external_id: 4 };

export async function loadLaunchFacts(syncId: string, now = new Date()): Promise<LaunchFacts & { syncId: string; state: string }> {
  const sync = await db().sync.findUnique({
    where: { id: syncId },
    include: { destination: { select: { id: true, kind: true, lastTestOk: true, lastTestedAt: true } }, segment: true },
  });
  if (!sync) throw new AppError("not_found", "No such sync.");
  const [coverage, names, rules, validation, settings, alertRules, plan, signoffs] = await Promise.all([
    segmentCoverage([sync.segmentId]),
    segmentNames(),
    suppressionRulesFor(syncId),
    latestValidation(syncId),
    launchSettings(),
    loadRules(),
    db().syncLaunchPlan.findUnique({ where: { syncId } }),
    latestSignoffs(syncId),
  ]);
  const definition = storedDefinition(sync.segment.definition);
  const mask = sync.identifiers.reduce((m, i) => m | (BIT[i] ?? 0), 0);
  const cov = coverage[sync.segmentId] ?? { size: 0, combos: {} };
  const reachable = Object.entries(cov.combos).reduce((n, [bits, count]) => n + (Number(bits) & mask ? count : 0), 0);
  const owner = plan?.alertOwnerId
    ? await db().user.findUnique({ where: { id: plan.alertOwnerId }, select: { email: true, name: true, disabledAt: true } })
    : null;
  return {
    syncId,
    state: sync.state,
    now,
    destination: {
      kind: sync.destination.kind,
      label: labelOf(sync.destination.kind),
      lastTestOk: sync.destination.lastTestOk,
      lastTestedAt: sync.destination.lastTestedAt,
    },
    identity: { identifiers: sync.identifiers, members: cov.size, reachable },
    segment: {
      name: sync.segment.name,
      valid: !!definition,
      entry: definition && describeEntry(definition, { segmentNames: names }),
      exit: definition && describeExit(definition),
      rules: definition ? describeRules(definition, { segmentNames: names }) : [],
    },
    promotional: sync.promotional,
    purchaseRules: rules.filter((r) => r.purchase).map((r) => ({ name: r.name, segmentName: r.segmentName })),
    otherRules: rules.filter((r) => !r.purchase).map((r) => ({ name: r.name })),
    validation,
    validationMaxAgeDays: settings.validationMaxAgeDays,
    alerts: {
      rules: await alertRoutes(alertRules, sync.id, sync.destination.id),
      owner: owner && { label: owner.name ?? owner.email, disabled: !!owner.disabledAt },
    },
    measurement: { holdoutPercent: sync.holdoutPercent, metric: plan ? plan.metric || null : PURCHASE_EVENT },
    signoffs,
  };
}

function labelOf(kind: string): string {
  try {
    return connectorFor(kind as DestinationKind).label;
  } catch {
    return kind;
  }
}

/** The rules in scope (the plan's own SQL), and whether each one's segment is about purchases. */
async function suppressionRulesFor(syncId: string) {
  const { rows } = await pool().query<{ name: string; segment_name: string; definition: unknown }>(
    `SELECT r.name, s.name AS segment_name, s.definition FROM (${RULES_IN_SCOPE_SQL}) x
       JOIN suppression_rules r ON r.id = x.rule_id JOIN segments s ON s.id = x.segment_id
      WHERE x.sync_id = $1 ORDER BY r.name`,
    [syncId],
  );
  return rows.map((r) => ({ name: r.name, segmentName: r.segment_name, purchase: mentionsEvent(r.definition, PURCHASE_EVENT) }));
}

/** Whether a definition refers to the event anywhere (a condition, a sequence step, a "none since"). */
export function mentionsEvent(node: unknown, event: string): boolean {
  if (Array.isArray(node)) return node.some((n) => mentionsEvent(n, event));
  if (node && typeof node === "object")
    return Object.entries(node).some(([k, v]) => (k === "event" && v === event) || mentionsEvent(v, event));
  return false;
}

/** Enabled alert rules that watch this sync, with the names of the channels they notify. */
async function alertRoutes(rules: StoredRule[], syncId: string, destinationId: string) {
  const scoped = rules.filter(
    (r) =>
      r.enabled &&
      (r.scope.type === "all" ||
        (r.scope.type === "sync" && r.scope.id === syncId) ||
        (r.scope.type === "destination" && r.scope.id === destinationId)),
  );
  const ids = [...new Set(scoped.flatMap((r) => r.channelIds))];
  const channels = ids.length
    ? await db().notificationChannel.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })
    : [];
  const name = new Map(channels.map((c) => [c.id, c.name]));
  // A channel id whose channel was deleted notifies nobody: only existing channels count.
  return scoped.map((r) => ({ name: r.name, channels: r.channelIds.flatMap((id) => (name.has(id) ? [name.get(id)!] : [])) }));
}

async function latestSignoffs(syncId: string): Promise<Partial<Record<GateKey, Signoff>>> {
  const rows = await db().launchSignoff.findMany({ where: { syncId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
  const out: Partial<Record<GateKey, Signoff>> = {};
  for (const r of rows) {
    const gate = r.gate as GateKey;
    if (!GATE_KEYS.includes(gate) || out[gate]) continue;
    out[gate] = {
      kind: r.kind === "waiver" ? "waiver" : "review",
      reason: r.reason,
      by: r.actorLabel,
      at: r.createdAt,
      evidence: (r.evidence ?? {}) as Record<string, unknown>,
    };
  }
  return out;
}
