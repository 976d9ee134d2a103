import type pg from "pg";
import { pool, transactionOn } from "@/lib/db";
import { logger } from "@/lib/logger";
import { changeSeverity, openAlert, refreshAlert, resolveAlert, type ActiveAlert } from "@/lib/monitoring/alerts/alert-transitions";
import { at, likelyCause } from "@/lib/monitoring/alerts/likely-cause";
import type { Finding, RuleVerdict } from "@/lib/monitoring/alerts/finding";
import { loadRules } from "@/lib/monitoring/alerts/load-rules";
import { SYNC_KINDS, type StoredRule } from "@/lib/monitoring/alerts/rule-schemas";
import { loadSyncFacts, type SyncFacts } from "@/lib/monitoring/alerts/sync-facts";
import { evaluateSyncRule } from "@/lib/monitoring/alerts/sync-rules";
import { evaluateWorkspaceRule } from "@/lib/monitoring/alerts/workspace-rules";

// Every rule, evaluated after each run and every minute (job alerts.evaluate): findings become
// transitions. One evaluation at a time (a transaction-scoped advisory lock), and at most one
// active alert per rule and subject (a unique key), so an alert opens once, is never repeated
// while it holds, changes severity once per change and resolves once when it clears.

const LOCK = "alerts.evaluate";

export type EvaluationResult = {
  rules: number;
  opened: number;
  changed: number;
  resolved: number;
  ms: number;
  phases: Record<string, number>;
};

export async function evaluateAlerts(): Promise<EvaluationResult> {
  const t0 = performance.now();
  const phases: Record<string, number> = {};
  const mark = (name: string, since: number) => (phases[name] = Math.round(performance.now() - since));
  const rules = (await loadRules()).filter((r) => r.enabled);
  let t = performance.now();
  const facts: SyncFacts[] = rules.some((r) => SYNC_KINDS.includes(r.kind)) ? await loadSyncFacts() : [];
  mark("facts", t);
  t = performance.now();
  const verdicts = new Map<string, RuleVerdict>();
  await Promise.all(
    rules.map(async (rule) =>
      verdicts.set(rule.id, SYNC_KINDS.includes(rule.kind) ? await evaluateSyncRule(rule, facts) : await evaluateWorkspaceRule(rule)),
    ),
  );
  mark("rules", t);
  t = performance.now();
  const result = await reconcile(rules, verdicts);
  mark("reconcile", t);
  return { rules: rules.length, ...result, ms: Math.round(performance.now() - t0), phases };
}

async function reconcile(rules: StoredRule[], verdicts: Map<string, RuleVerdict>) {
  const byId = new Map(rules.map((r) => [r.id, r]));
  // Checked out here, not by inTransaction: a failure is logged after the rollback, before the client goes back.
  const client = await pool().connect();
  let opened = 0;
  let changed = 0;
  let resolved = 0;
  try {
    await transactionOn(client, async () => {
      await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [LOCK]);
      const { rows } = await client.query<ActiveAlert>(
        `SELECT id, rule_id, subject, state, severity, title, summary, cause, figures FROM alerts WHERE state <> 'resolved' FOR UPDATE`,
      );
      const active = new Map(rows.map((a) => [`${a.rule_id}\u0000${a.subject}`, a]));
      const seen = new Set<string>();
      for (const [ruleId, verdict] of verdicts) {
        const rule = byId.get(ruleId)!;
        for (const f of verdict.findings) {
          const key = `${ruleId}\u0000${f.subject}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const current = active.get(key);
          if (!current) {
            await openAlert(
              client,
              { ruleId, ruleName: rule.name, subject: f.subject, syncId: f.syncId, ...(await change(f)) },
              rule.channelIds,
            );
            opened++;
          } else if (current.severity !== f.severity) {
            await changeSeverity(client, current, await change(f), rule.channelIds);
            changed++;
          } else if (current.summary !== f.summary || !sameFigures(current.figures, f.figures)) {
            await refreshAlert(client, current, f);
          }
        }
        for (const s of verdict.undecided) seen.add(`${ruleId}\u0000${s}`);
      }
      for (const [key, alert] of active) {
        if (seen.has(key)) continue;
        const rule = alert.rule_id ? byId.get(alert.rule_id) : undefined;
        const why = rule
          ? `Cleared at ${at(new Date())}: “${alert.title}” no longer holds.`
          : `Closed at ${at(new Date())}: the rule that raised it was switched off or deleted.`;
        await resolveAlert(client, alert, why, rule?.channelIds ?? (await channelsOf(client, alert.rule_id)));
        resolved++;
      }
    });
  } catch (e) {
    logger.error({ err: e }, "alert evaluation failed");
    throw e;
  } finally {
    client.release();
  }
  return { opened, changed, resolved };
}

/** jsonb keeps its own key order, so compare figures key by key, not as strings. */
function sameFigures(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

async function change(f: Finding) {
  // A cause lookup that fails must not keep the alert from opening: it opens without one.
  const cause = await likelyCause(f).catch((e) => {
    logger.warn({ err: e, rule: f.rule.id, subject: f.subject }, "likely cause lookup failed");
    return null;
  });
  return { title: f.title, summary: f.summary, cause, figures: f.figures, severity: f.severity };
}

async function channelsOf(client: pg.PoolClient, ruleId: string | null) {
  if (!ruleId) return [];
  const { rows } = await client.query<{ channel_ids: string[] | null }>("SELECT channel_ids FROM alert_rules WHERE id = $1", [ruleId]);
  return rows[0]?.channel_ids ?? [];
}
