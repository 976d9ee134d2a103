import { apiRoute } from "@/lib/api/handler";
import { AppError } from "@/lib/errors";
import { personEventsOp } from "@/lib/openapi/operations/data-in";
import { getPerson } from "@/lib/people/get-person";
import { pathSegmentAfter } from "@/lib/people/path-id";
import { personEvents } from "@/lib/people/person-events";

// GET /api/v1/people/{externalId}/events?limit=50&cursor=...: newest first; follow nextCursor for older ones.
export const GET = apiRoute(personEventsOp, async ({ req, query }) => {
  const externalId = pathSegmentAfter(req.url, "people");
  const person = await getPerson({ externalId });
  if (!person) throw new AppError("not_found", `No person with external id ${JSON.stringify(externalId)}.`);
  return personEvents(person.id, query);
});
