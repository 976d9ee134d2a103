import { apiRoute } from "@/lib/api/handler";
import { pageOfList } from "@/lib/api/paging";
import { createApiToken, listApiTokens } from "@/lib/auth/api-tokens";
import { createTokenOp, listTokensOp } from "@/lib/openapi/operations/workspace";

export const GET = apiRoute(listTokensOp, async ({ query }) => {
  const { items, nextCursor } = pageOfList(await listApiTokens(), query, (t) => [t.createdAt.toISOString(), t.id], "desc");
  return { tokens: items, nextCursor };
});

// The plaintext token is in this response and nowhere else, ever.
export const POST = apiRoute(createTokenOp, async ({ actor, body }) => ({ token: await createApiToken(actor, body) }));
