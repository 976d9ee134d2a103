import { apiRoute } from "@/lib/api/handler";
import { pageOfList } from "@/lib/api/paging";
import { createUser, listUsers } from "@/lib/auth/users";
import { createUserOp, listUsersOp } from "@/lib/openapi/operations/workspace";

export const GET = apiRoute(listUsersOp, async ({ query }) => {
  const { items, nextCursor } = pageOfList(await listUsers(), query, (u) => [u.createdAt.toISOString(), u.id]);
  return { users: items, nextCursor };
});

export const POST = apiRoute(createUserOp, async ({ actor, body }) => ({ user: await createUser(actor, body) }));
