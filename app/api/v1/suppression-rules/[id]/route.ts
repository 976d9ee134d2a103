import { apiRoute } from "@/lib/api/handler";
import { AppError } from "@/lib/errors";
import { deleteSuppressionRuleOp, getSuppressionRuleOp, updateSuppressionRuleOp } from "@/lib/openapi/operations/destinations";
import { listSuppressionRules } from "@/lib/suppression/list-suppression-rules";
import { deleteSuppressionRule, updateSuppressionRule } from "@/lib/suppression/save-suppression-rule";

export const GET = apiRoute(getSuppressionRuleOp, async ({ params }) => {
  const rule = (await listSuppressionRules()).find((r) => r.id === params.id);
  if (!rule) throw new AppError("not_found", "No such suppression rule.");
  return { suppressionRule: rule };
});

export const PATCH = apiRoute(updateSuppressionRuleOp, async ({ actor, body, params }) => ({
  suppressionRule: await updateSuppressionRule(actor, params.id!, body),
}));

export const DELETE = apiRoute(deleteSuppressionRuleOp, async ({ actor, params }) => {
  await deleteSuppressionRule(actor, params.id!);
  return { deleted: true };
});
