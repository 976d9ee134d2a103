import { apiRoute } from "@/lib/api/handler";
import { AppError } from "@/lib/errors";
import { getPersonOp } from "@/lib/openapi/operations/data-in";
import { getPerson } from "@/lib/people/get-person";
import { pathSegmentAfter } from "@/lib/people/path-id";

// GET /api/v1/people/{externalId} (URL-encoded): attributes, identifiers raw and normalized with validity, sources.
export const GET = apiRoute(getPersonOp, async ({ req }) => {
  const externalId = pathSegmentAfter(req.url, "people");
  const person = await getPerson({ externalId });
  if (!person) throw new AppError("not_found", `No person with external id ${JSON.stringify(externalId)}.`);
  return { person };
});
