import { apiRoute } from "@/lib/api/handler";
import { pageOfList } from "@/lib/api/paging";
import { loadRules } from "@/lib/monitoring/alerts/load-rules";
import { createAlertRule } from "@/lib/monitoring/alerts/save-rule";
import { createAlertRuleOp, listAlertRulesOp } from "@/lib/openapi/operations/alerts";

export const GET = apiRoute(listAlertRulesOp, async ({ query }) => {
  const { items, nextCursor } = pageOfList(await loadRules(), query, (r) => [r.builtin ? "0" : "1", r.id]);
  return { alertRules: items, nextCursor };
});

export const POST = apiRoute(createAlertRuleOp, async ({ actor, body }) => ({ alertRule: await createAlertRule(actor, body) }));
