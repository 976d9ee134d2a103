import { apiRoute } from "@/lib/api/handler";
import { AppError } from "@/lib/errors";
import { loadRules } from "@/lib/monitoring/alerts/load-rules";
import { deleteAlertRule, updateAlertRule } from "@/lib/monitoring/alerts/save-rule";
import { deleteAlertRuleOp, getAlertRuleOp, updateAlertRuleOp } from "@/lib/openapi/operations/alerts";

export const GET = apiRoute(getAlertRuleOp, async ({ params }) => {
  const rule = (await loadRules()).find((r) => r.id === params.id);
  if (!rule) throw new AppError("not_found", "No such alert rule.");
  return { alertRule: rule };
});

export const PATCH = apiRoute(updateAlertRuleOp, async ({ actor, body, params }) => ({
  alertRule: await updateAlertRule(actor, params.id!, body),
}));

export const DELETE = apiRoute(deleteAlertRuleOp, async ({ actor, params }) => {
  await deleteAlertRule(actor, params.id!);
  return { deleted: true };
});
