import { apiRoute } from "@/lib/api/handler";
import { searchPeople, searchPeopleQuery } from "@/lib/people/search-people";

// GET /api/v1/people?search=<email | phone | external id | anonymous id, raw or normalized>
export const GET = apiRoute({ role: "viewer", query: searchPeopleQuery }, async ({ query }) => searchPeople(query));
