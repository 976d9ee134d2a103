import { apiRoute } from "@/lib/api/handler";
import { searchPeopleOp } from "@/lib/openapi/operations/data-in";
import { searchPeople } from "@/lib/people/search-people";

// GET /api/v1/people?search=<email | phone | external id | anonymous id, raw or normalized>
export const GET = apiRoute(searchPeopleOp, async ({ query }) => searchPeople(query));
