import { apiRoute } from "@/lib/api/handler";
import { updateUser } from "@/lib/auth/users";
import { updateUserOp } from "@/lib/openapi/operations/workspace";

export const PATCH = apiRoute(updateUserOp, async ({ actor, body, params }) => ({
  user: await updateUser(actor, { ...body, userId: params.id! }),
}));
