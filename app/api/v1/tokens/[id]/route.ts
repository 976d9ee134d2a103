import { apiRoute } from "@/lib/api/handler";
import { revokeApiToken } from "@/lib/auth/api-tokens";
import { revokeTokenOp } from "@/lib/openapi/operations/workspace";

export const DELETE = apiRoute(revokeTokenOp, async ({ actor, params }) => {
  await revokeApiToken(actor, params.id!);
  return { revoked: true };
});
