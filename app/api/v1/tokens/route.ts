import { apiRoute } from "@/lib/api/handler";
import { createApiToken, createTokenInput, listApiTokens } from "@/lib/auth/api-tokens";

export const GET = apiRoute({ role: "admin" }, async () => ({ tokens: await listApiTokens() }));

// The plaintext token is in this response and nowhere else, ever.
export const POST = apiRoute({ role: "admin", body: createTokenInput }, async ({ actor, body }) => ({ token: await createApiToken(actor, body) }));
