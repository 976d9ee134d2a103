import { apiRoute } from "@/lib/api/handler";
import { pageOfList } from "@/lib/api/paging";
import { hasRole } from "@/lib/auth/roles";
import { createSourceOp, listSourcesOp } from "@/lib/openapi/operations/data-in";
import { createSource, listSources } from "@/lib/sources/manage-sources";
import { requestOrigin } from "@/lib/sources/request-origin";
import { sourceView } from "@/lib/sources/source-view";

// Sources: credentials for the Segment and Customer.io tracking APIs and the reporting webhook.
// Everyone may list them; only admins see full keys.
export const GET = apiRoute(listSourcesOp, async ({ actor, req, query }) => {
  const origin = requestOrigin(req.headers);
  const revealSecrets = hasRole(actor.role, "admin");
  const { items, nextCursor } = pageOfList(await listSources(), query, (s) => [s.createdAt.toISOString(), s.id]);
  return { sources: items.map((s) => sourceView(s, { origin, revealSecrets })), nextCursor };
});

export const POST = apiRoute(createSourceOp, async ({ actor, body, req }) => ({
  source: sourceView(await createSource(actor, body), { origin: requestOrigin(req.headers), revealSecrets: true }),
}));
