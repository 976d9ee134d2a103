import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { listAudit } from "@/lib/audit";

const query = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  entityType: z.string().max(64).optional(),
});

export const GET = apiRoute({ role: "viewer", query }, async ({ query }) => ({ entries: await listAudit(query) }));
