import { json } from "@/lib/api/handler";
import { checkHealth } from "@/lib/health";

export const dynamic = "force-dynamic";

export async function GET() {
  const health = await checkHealth();
  return json(health, health.status === "down" ? 503 : 200);
}
