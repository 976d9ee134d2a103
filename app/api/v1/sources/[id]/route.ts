import { apiRoute } from "@/lib/api/handler";
import { hasRole } from "@/lib/auth/roles";
import { deleteSourceOp, getSourceOp, updateSourceOp } from "@/lib/openapi/operations/data-in";
import { deleteSource, getSource, updateSource } from "@/lib/sources/manage-sources";
import { requestOrigin } from "@/lib/sources/request-origin";
import { sourceView } from "@/lib/sources/source-view";

export const GET = apiRoute(getSourceOp, async ({ actor, params, req }) => ({
  source: sourceView(await getSource(params.id!), { origin: requestOrigin(req.headers), revealSecrets: hasRole(actor.role, "admin") }),
}));

/** Rename, or set / clear the Customer.io webhook signing key. */
export const PATCH = apiRoute(updateSourceOp, async ({ actor, params, body, req }) => ({
  source: sourceView(await updateSource(actor, params.id!, body), { origin: requestOrigin(req.headers), revealSecrets: true }),
}));

export const DELETE = apiRoute(deleteSourceOp, async ({ actor, params }) => {
  await deleteSource(actor, params.id!);
  return { deleted: true };
});
