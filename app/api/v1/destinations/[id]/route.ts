import { apiRoute } from "@/lib/api/handler";
import { deleteDestination } from "@/lib/destinations/delete-destination";
import { getDestination } from "@/lib/destinations/list-destinations";
import { updateDestination } from "@/lib/destinations/update-destination";
import { deleteDestinationOp, getDestinationOp, updateDestinationOp } from "@/lib/openapi/operations/destinations";

export const GET = apiRoute(getDestinationOp, async ({ params }) => ({ destination: await getDestination(params.id!) }));

export const PATCH = apiRoute(updateDestinationOp, async ({ actor, body, params }) => ({
  destination: await updateDestination(actor, params.id!, body),
}));

export const DELETE = apiRoute(deleteDestinationOp, async ({ actor, params }) => {
  await deleteDestination(actor, params.id!);
  return { deleted: true };
});
