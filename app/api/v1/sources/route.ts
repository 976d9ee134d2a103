import { apiRoute } from "@/lib/api/handler";
import { hasRole } from "@/lib/auth/roles";
import { createSource, createSourceInput, listSources } from "@/lib/sources/manage-sources";
import { requestOrigin } from "@/lib/sources/request-origin";
import { sourceView } from "@/lib/sources/source-view";

// Sources: credentials for the Segment and Customer.io tracking APIs and the reporting webhook.
// Everyone may list them; only admins see full keys.
export const GET = apiRoute({ role: "viewer" }, async ({ actor, req }) => {
  const origin = requestOrigin(req.headers);
  const revealSecrets = hasRole(actor.role, "admin");
  return { sources: (await listSources()).map((s) => sourceView(s, { origin, revealSecrets })) };
});

export const POST = apiRoute({ role: "admin", body: createSourceInput, maxBodyBytes: 16 * 1024 }, async ({ actor, body, req }) => ({
  source: sourceView(await createSource(actor, body), { origin: requestOrigin(req.headers), revealSecrets: true }),
}));
