import { apiRoute, json } from "@/lib/api/handler";
import { testDestination } from "@/lib/destinations/test-destination";
import { testDestinationOp } from "@/lib/openapi/operations/destinations";

// 200 either way: a failed connection test is a result, not an API error.
export const POST = apiRoute(testDestinationOp, async ({ actor, params }) => json({ result: await testDestination(actor, params.id!) }));
