import { apiRoute } from "@/lib/api/handler";
import { revokeApiToken } from "@/lib/auth/api-tokens";

export const DELETE = apiRoute({ role: "admin" }, async ({ actor, params }) => {
  await revokeApiToken(actor, params.id);
  return { revoked: true };
});
