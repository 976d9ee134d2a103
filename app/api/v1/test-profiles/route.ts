import { apiRoute, json } from "@/lib/api/handler";
import { listTestProfilesOp, markTestProfilesOp } from "@/lib/openapi/operations/validation";
import { listTestProfiles, markTestProfiles } from "@/lib/validation/test-profiles";

export const GET = apiRoute(listTestProfilesOp, async () => ({ testProfiles: await listTestProfiles() }));

export const POST = apiRoute(markTestProfilesOp, async ({ actor, body }) => json(await markTestProfiles(actor, body), 201));
