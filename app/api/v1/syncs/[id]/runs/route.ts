import { z } from "zod";
import { apiRoute, json } from "@/lib/api/handler";
import { AppError } from "@/lib/errors";
import { listRuns } from "@/lib/sync/get-sync";
import { requestSyncRun } from "@/lib/sync/trigger-run";

export const GET = apiRoute({ role: "viewer", query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }) }, async ({ params, query }) => ({
  runs: await listRuns(params.id!, query.limit),
}));

const triggerBody = z.object({ dryRun: z.boolean().default(false) }).strict();

// POST with no body (or {}) queues a run: 202 with the run to poll. {"dryRun":true} plans
// without sending and answers 200 with the counts and samples.
export const POST = apiRoute({ role: "editor" }, async ({ actor, params, req }) => {
  const text = await req.text();
  let raw: unknown = {};
  try {
    raw = text.trim() ? JSON.parse(text) : {};
  } catch (e) {
    throw new AppError("bad_request", `Request body is not valid JSON: ${(e as Error).message}`);
  }
  const parsed = triggerBody.safeParse(raw);
  if (!parsed.success) throw new AppError("validation_failed", "Send {} to run, or {\"dryRun\": true} for a plan.", { issues: parsed.error.issues.map((i) => ({ path: `body.${i.path.join(".")}`, message: i.message })) });
  const result = await requestSyncRun(actor, params.id!, { dryRun: parsed.data.dryRun });
  return "plan" in result ? json({ dryRun: result }, 200) : json({ run: result }, 202);
});
