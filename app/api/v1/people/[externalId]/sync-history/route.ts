import { apiRoute } from "@/lib/api/handler";
import { AppError } from "@/lib/errors";
import { personSyncHistoryOp } from "@/lib/openapi/operations/monitoring";
import { getPerson } from "@/lib/people/get-person";
import { pathSegmentAfter } from "@/lib/people/path-id";
import { syncHistoryPage } from "@/lib/people/sync-history";

// GET /api/v1/people/{externalId}/sync-history: every sync that added or removed the person, when, in which run, and why.
export const GET = apiRoute(personSyncHistoryOp, async ({ req, query }) => {
  const externalId = pathSegmentAfter(req.url, "people");
  const person = await getPerson({ externalId });
  if (!person) throw new AppError("not_found", `No person with external id ${JSON.stringify(externalId)}.`);
  return syncHistoryPage(person.id, query);
});
