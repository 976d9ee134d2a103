import { apiRoute } from "@/lib/api/handler";
import { pageOfList } from "@/lib/api/paging";
import { createDestination } from "@/lib/destinations/create-destination";
import { destinationKinds } from "@/lib/destinations/destination-form";
import { listDestinations } from "@/lib/destinations/list-destinations";
import { createDestinationOp, listDestinationsOp } from "@/lib/openapi/operations/destinations";

// Secrets go in (`credentials`) and never come out: responses list which ones are set.
export const GET = apiRoute(listDestinationsOp, async ({ query }) => {
  const { items, nextCursor } = pageOfList(await listDestinations(), query, (d) => [d.createdAt.toISOString(), d.id]);
  return { destinations: items, kinds: destinationKinds(), nextCursor };
});

export const POST = apiRoute(createDestinationOp, async ({ actor, body }) => ({ destination: await createDestination(actor, body) }));
