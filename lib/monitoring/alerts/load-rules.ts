import { db } from "@/lib/db";
import { parseStoredRule, type StoredRule } from "@/lib/monitoring/alerts/rule-schemas";

// Every rule as the evaluator and the Alerts page read it: stored params parsed by the kind's
// schema; a row that no longer parses (a kind from a newer version) is left out, never guessed at.

export async function loadRules(): Promise<StoredRule[]> {
  const rows = await db().alertRule.findMany({ orderBy: [{ builtin: "desc" }, { createdAt: "asc" }] });
  return rows.map(parseStoredRule).filter((r): r is StoredRule => r !== null);
}
