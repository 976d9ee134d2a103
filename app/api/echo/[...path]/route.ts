import { echoResponse } from "@/lib/webhook-actions/simulator/echo-receiver";

// The built-in echo receiver for webhook-action test sends (lib/webhook-actions/simulator/echo-receiver.ts).
// Open by design: it answers anyone with what they sent, keeps nothing and reads no data.

export const dynamic = "force-dynamic";

const handle = (req: Request) => echoResponse(req);
export { handle as GET, handle as POST, handle as PUT, handle as PATCH, handle as DELETE };
