import { authenticateBearer } from "@/lib/auth/api-tokens";
import { isAppError } from "@/lib/errors";
import { collectMetrics } from "@/lib/monitoring/metrics";

// GET /metrics: Prometheus text format for existing tooling (lib/monitoring/metrics.ts). Any API
// token (a viewer's is enough) as `Authorization: Bearer <token>`, set in the scrape config.
export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  try {
    await authenticateBearer(req.headers.get("authorization"));
  } catch (e) {
    if (!isAppError(e)) throw e;
    return new Response(`${e.message}\n`, {
      status: 401,
      headers: { "content-type": "text/plain; charset=utf-8", "www-authenticate": 'Bearer realm="downstream-metrics"' },
    });
  }
  const { contentType, body } = await collectMetrics();
  return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
}
