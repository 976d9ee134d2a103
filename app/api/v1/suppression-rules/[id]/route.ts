import { apiRoute } from "@/lib/api/handler";
import { AppError } from "@/lib/errors";
import { listSuppressionRules } from "@/lib/suppression/list-suppression-rules";
import { deleteSuppressionRule, updateSuppressionRule } from "@/lib/suppression/save-suppression-rule";
import { updateSuppressionRuleInput } from "@/lib/suppression/suppression-schemas";

export const GET = apiRoute({ role: "viewer" }, async ({ params }) => {
  const rule = (await listSuppressionRules()).find((r) => r.id === params.id);
  if (!rule) throw new AppError("not_found", "No such suppression rule.");
  return { suppressionRule: rule };
});

export const PATCH = apiRoute({ role: "editor", body: updateSuppressionRuleInput }, async ({ actor, body, params }) => ({
  suppressionRule: await updateSuppressionRule(actor, params.id!, body),
}));

export const DELETE = apiRoute({ role: "editor" }, async ({ actor, params }) => {
  await deleteSuppressionRule(actor, params.id!);
  return { deleted: true };
});
