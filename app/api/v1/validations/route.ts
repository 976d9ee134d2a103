import { apiRoute, json } from "@/lib/api/handler";
import { pageOfRows, timeIdCursor } from "@/lib/api/paging";
import { listValidationsOp, startValidationOp } from "@/lib/openapi/operations/validation";
import { getValidation, listValidations } from "@/lib/validation/list-validations";
import { startValidation } from "@/lib/validation/start-validation";

export const GET = apiRoute(listValidationsOp, async ({ query }) => {
  const before = timeIdCursor(query.cursor);
  const rows = await listValidations({
    syncId: query.syncId,
    limit: query.limit + 1,
    before: before && { createdAt: before.at, id: before.id },
  });
  const { items, nextCursor } = pageOfRows(rows, query.limit, (r) => [r.createdAt.toISOString(), r.id]);
  return { validations: items, nextCursor };
});

export const POST = apiRoute(startValidationOp, async ({ actor, body }) => {
  const started = await startValidation(actor, body);
  return json({ validation: await getValidation(started.id) }, 202);
});
