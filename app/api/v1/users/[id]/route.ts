import { apiRoute } from "@/lib/api/handler";
import { updateUser, updateUserInput } from "@/lib/auth/users";

const patch = updateUserInput.omit({ userId: true }).strict();

export const PATCH = apiRoute({ role: "admin", body: patch }, async ({ actor, body, params }) => ({
  user: await updateUser(actor, { ...body, userId: params.id }),
}));
