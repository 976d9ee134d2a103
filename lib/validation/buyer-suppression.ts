import { pool } from "@/lib/db";
import { writeMessages } from "@/lib/ingest/write/write-messages";
import { compileSegment, membersSql } from "@/lib/segments/sql/compile";
import { catchUpEventRollup } from "@/lib/segments/sql/rollup-catch-up";
import { storedDefinition } from "@/lib/segments/store";
import { RULES_IN_SCOPE_SQL } from "@/lib/suppression/rules-in-scope";
import { deliverTestProfiles, type DeliverInput } from "@/lib/validation/deliver-test-profiles";
import { verifyMembership, type VerifyContext } from "@/lib/validation/verify-membership";
import type { TestItem } from "@/lib/validation/validation-items";
import type { Step } from "@/lib/validation/validation-schemas";

// The buyer step: suppression is where mistakes get expensive, so a validation proves it on the
// real audience. One test profile completes an order through the normal ingest path; every
// suppression rule that covers this sync (lib/suppression/rules-in-scope.ts, the one suppression
// brain) is evaluated for that person with the rule segment's own compiled definition; the
// buyer must meet at least one, the rules' scope lists every promotional sync that then holds
// them out, and the buyer is removed from this audience and verified gone while the other test
// profiles are verified still there.
//
// Segments never contain test profiles (lib/people/population.ts), so the rule segments'
// materialized membership cannot show the buyer: the definition is evaluated for them alone
// (compileSegment's `only`), exactly as a refresh would for a person.

type Outcome = Pick<Step, "state" | "method" | "summary" | "evidence">;

export async function buyerSuppression(
  runId: string,
  syncId: string,
  buyer: TestItem,
  others: TestItem[],
  deliver: DeliverInput,
  verify: VerifyContext,
): Promise<Outcome> {
  const { rows: rules } = await pool().query<{ rule_id: string; name: string; segment_id: string; segment: string; definition: unknown }>(
    `SELECT DISTINCT r.rule_id, sr.name, r.segment_id, sg.name AS segment, sg.definition
       FROM (${RULES_IN_SCOPE_SQL}) r JOIN suppression_rules sr ON sr.id = r.rule_id JOIN segments sg ON sg.id = r.segment_id
      WHERE r.sync_id = $1 ORDER BY sr.name`,
    [syncId],
  );
  if (!rules.length) {
    return {
      state: "skipped",
      method: null,
      summary:
        "No suppression rule covers this sync, so there is no purchase suppression to prove. Add one in Suppression if buyers must leave it.",
      evidence: {},
    };
  }

  const { rows: who } = await pool().query<{ external_id: string | null; email: string | null }>(
    "SELECT external_id, email FROM profiles WHERE id = $1",
    [buyer.profileId],
  );
  // The message id makes a resumed step send the same order once: ingest dedupes by it.
  await writeMessages(
    [
      {
        externalId: who[0]?.external_id ?? null,
        anonymousId: null,
        email: who[0]?.external_id ? undefined : who[0]?.email,
        event: {
          type: "track",
          name: "order_completed",
          properties: { order_id: `validation-${runId}`, total: 1, currency: "USD", validation_run: runId },
          messageId: `validation:${runId}`,
          occurredAt: new Date(),
        },
      },
    ],
    { sourceId: null, receivedAt: new Date() },
  );
  await catchUpEventRollup();

  const now = Date.now();
  const met: typeof rules = [];
  for (const rule of rules) {
    const definition = storedDefinition(rule.definition);
    if (!definition) continue;
    const compiled = compileSegment(definition, { now, only: [buyer.profileId] });
    const { rows } = await pool().query<{ hit: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM (${membersSql(compiled)}) m WHERE m.profile_id = $${compiled.params.length + 1}::bigint) AS hit`,
      [...compiled.params, buyer.profileId],
    );
    if (rows[0]?.hit) met.push(rule);
  }
  const ruleNames = rules.map((r) => `“${r.name}”`).join(", ");
  if (!met.length) {
    return {
      state: "failed",
      method: null,
      summary: `After an order_completed, ${buyer.label} does not meet any suppression rule covering this sync (${ruleNames}). Buyers would stay in this audience: check the rules' segments.`,
      evidence: { buyer: buyer.profileId, rules: rules.map((r) => r.rule_id), met: [] },
    };
  }

  const { rows: covered } = await pool().query<{ id: string; name: string }>(
    `SELECT DISTINCT s.id, s.name FROM (${RULES_IN_SCOPE_SQL}) r JOIN syncs s ON s.id = r.sync_id
      WHERE r.rule_id = ANY($1::text[]) ORDER BY s.name`,
    [met.map((r) => r.rule_id)],
  );

  const removal = await deliverTestProfiles({ ...deliver, sessionId: `${runId}:buyer` }, "remove", [buyer]);
  const gone = await verifyMembership(verify, "absent", [buyer], removal);
  // Where the destination can be read back, the others must still be there (only the buyer left).
  // A webhook's acknowledgement covers only the members of the call it answers, so it says nothing here.
  const stay =
    others.length && gone.method === "read_back" && verify.kind !== "webhook"
      ? await verifyMembership(verify, "present", others, removal)
      : null;
  const passed = gone.passed && (stay?.passed ?? true) && !removal.error;
  const syncNames = covered.map((s) => `“${s.name}”`).join(", ");
  return {
    state: passed ? "passed" : "failed",
    method: gone.method,
    summary: passed
      ? `${buyer.label} completed an order, met ${met.map((r) => `“${r.name}”`).join(", ")}, and left this audience. ${gone.summary} ` +
        `The rule keeps buyers out of ${covered.length} sync${covered.length === 1 ? "" : "s"}: ${syncNames}.`
      : `${buyer.label} met ${met.map((r) => `“${r.name}”`).join(", ")}, but ${removal.error ?? (gone.passed ? stay!.summary : gone.summary)}`,
    evidence: {
      how: gone.evidence.how,
      buyer: buyer.profileId,
      order: `validation-${runId}`,
      rulesMet: met.map((r) => ({ id: r.rule_id, name: r.name, segment: r.segment })),
      coveredSyncs: covered,
      removal: removal.results,
      buyerGone: gone.evidence,
      othersStillPresent: stay?.evidence ?? null,
    },
  };
}
