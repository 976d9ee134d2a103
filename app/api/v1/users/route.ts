import { apiRoute } from "@/lib/api/handler";
import { createUser, createUserInput, listUsers } from "@/lib/auth/users";

export const GET = apiRoute({ role: "admin" }, async () => ({ users: await listUsers() }));

export const POST = apiRoute({ role: "admin", body: createUserInput }, async ({ actor, body }) => ({ user: await createUser(actor, body) }));
