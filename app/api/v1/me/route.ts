import { apiRoute } from "@/lib/api/handler";
import { meOp } from "@/lib/openapi/operations/workspace";

export const GET = apiRoute(meOp, async ({ actor }) => ({
  type: actor.type,
  id: actor.id,
  name: actor.label,
  role: actor.role,
}));
