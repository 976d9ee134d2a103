import { handleCioWebhook } from "@/lib/ingest/webhook/http";

// Customer.io reporting webhooks for one source (signed with that source's signing key).
export async function POST(req: Request, { params }: { params: Promise<{ sourceId: string }> }) {
  return handleCioWebhook(req, (await params).sourceId);
}
