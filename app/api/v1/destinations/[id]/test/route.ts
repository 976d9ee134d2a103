import { apiRoute, json } from "@/lib/api/handler";
import { testDestination } from "@/lib/destinations/test-destination";

// 200 either way: a failed connection test is a result, not an API error.
export const POST = apiRoute({ role: "editor" }, async ({ actor, params }) => json({ result: await testDestination(actor, params.id!) }));
