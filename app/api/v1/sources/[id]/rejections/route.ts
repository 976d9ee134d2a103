import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { listRejections } from "@/lib/ingest/rejections";
import { getSource } from "@/lib/sources/manage-sources";

// The source's most recent refused messages, with the reason for each.
export const GET = apiRoute({ role: "viewer", query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }) }, async ({ params, query }) => {
  await getSource(params.id!);
  return { rejections: await listRejections({ sourceId: params.id!, limit: query.limit }) };
});
