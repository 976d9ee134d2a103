import { apiRoute } from "@/lib/api/handler";
import { deleteDestination } from "@/lib/destinations/delete-destination";
import { updateDestinationInput } from "@/lib/destinations/destination-schemas";
import { getDestination } from "@/lib/destinations/list-destinations";
import { updateDestination } from "@/lib/destinations/update-destination";

export const GET = apiRoute({ role: "viewer" }, async ({ params }) => ({ destination: await getDestination(params.id!) }));

export const PATCH = apiRoute({ role: "editor", body: updateDestinationInput.strict() }, async ({ actor, body, params }) => ({
  destination: await updateDestination(actor, params.id!, body),
}));

export const DELETE = apiRoute({ role: "editor" }, async ({ actor, params }) => {
  await deleteDestination(actor, params.id!);
  return { deleted: true };
});
