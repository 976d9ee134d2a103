import { apiRoute } from "@/lib/api/handler";
import { pageOfList } from "@/lib/api/paging";
import { createSuppressionRuleOp, listSuppressionRulesOp } from "@/lib/openapi/operations/destinations";
import { listSuppressionRules } from "@/lib/suppression/list-suppression-rules";
import { createSuppressionRule } from "@/lib/suppression/save-suppression-rule";

// Each rule comes with its coverage: the syncs it applies to and how many it holds out of each now.
export const GET = apiRoute(listSuppressionRulesOp, async ({ query }) => {
  const { items, nextCursor } = pageOfList(await listSuppressionRules(), query, (r) => [new Date(r.createdAt).toISOString(), r.id]);
  return { suppressionRules: items, nextCursor };
});

export const POST = apiRoute(createSuppressionRuleOp, async ({ actor, body }) => ({
  suppressionRule: await createSuppressionRule(actor, body),
}));
