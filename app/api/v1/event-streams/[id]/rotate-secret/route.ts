import { apiRoute, json } from "@/lib/api/handler";
import { rotateEventStreamSecretOp } from "@/lib/openapi/operations/event-streams";
import { endStreamRotation, rotateStreamSecret } from "@/lib/streams/rotate-stream-secret";

// The new secret is in this answer only.
export const POST = apiRoute(rotateEventStreamSecretOp, async ({ actor, params, body }) => {
  if (body.endRotation) return json({ eventStream: await endStreamRotation(actor, params.id!), signingSecret: null }, 200);
  const { stream, signingSecret } = await rotateStreamSecret(actor, params.id!);
  return json({ eventStream: stream, signingSecret }, 200);
});
