import { apiRoute } from "@/lib/api/handler";
import { listSuppressionRules } from "@/lib/suppression/list-suppression-rules";
import { createSuppressionRule } from "@/lib/suppression/save-suppression-rule";
import { createSuppressionRuleInput } from "@/lib/suppression/suppression-schemas";

// Each rule comes with its coverage: the syncs it applies to and how many it holds out of each now.
export const GET = apiRoute({ role: "viewer" }, async () => ({ suppressionRules: await listSuppressionRules() }));

export const POST = apiRoute({ role: "editor", body: createSuppressionRuleInput }, async ({ actor, body }) => ({ suppressionRule: await createSuppressionRule(actor, body) }));
