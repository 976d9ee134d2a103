import { apiRoute } from "@/lib/api/handler";

export const GET = apiRoute({ role: "viewer" }, async ({ actor }) => ({
  type: actor.type,
  id: actor.id,
  name: actor.label,
  role: actor.role,
}));
