import { apiRoute } from "@/lib/api/handler";
import { createDestination } from "@/lib/destinations/create-destination";
import { destinationKinds } from "@/lib/destinations/destination-form";
import { createDestinationInput } from "@/lib/destinations/destination-schemas";
import { listDestinations } from "@/lib/destinations/list-destinations";

// Secrets go in (`credentials`) and never come out: responses list which ones are set.
export const GET = apiRoute({ role: "viewer" }, async () => ({ destinations: await listDestinations(), kinds: destinationKinds() }));

export const POST = apiRoute({ role: "editor", body: createDestinationInput }, async ({ actor, body }) => ({ destination: await createDestination(actor, body) }));
