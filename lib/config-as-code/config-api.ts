import { z } from "zod";

// What the /api/v1/config routes read besides the document itself (which parse-config.ts checks,
// naming every path, so the route takes the body as is).

export const configBody = z.unknown();
export const configQuery = z
  .object({ prune: z.enum(["true", "false"]).optional().describe("true: also delete what the workspace has and the document does not") })
  .strict();
/** A whole workspace's configuration can be large; still bounded. */
export const CONFIG_MAX_BYTES = 8 * 1024 * 1024;
