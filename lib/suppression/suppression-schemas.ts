import { z } from "zod";

export const createSuppressionRuleInput = z
  .object({
    name: z.string().trim().min(1, "Give the rule a name").max(120),
    segmentId: z.string().min(1, "Choose the segment whose members are held out"),
    scope: z.enum(["all_promotional", "selected"]).default("all_promotional"),
    /** With scope "selected": the syncs it applies to. */
    syncIds: z.array(z.string().min(1)).default([]),
    enabled: z.boolean().default(true),
  })
  .refine((r) => r.scope !== "selected" || r.syncIds.length > 0, { message: "Choose at least one sync", path: ["syncIds"] });
export type CreateSuppressionRuleInput = z.input<typeof createSuppressionRuleInput>;

export const updateSuppressionRuleInput = z
  .object({
    name: z.string().trim().min(1).max(120),
    segmentId: z.string().min(1),
    scope: z.enum(["all_promotional", "selected"]),
    syncIds: z.array(z.string().min(1)),
    enabled: z.boolean(),
  })
  .partial()
  .strict();
export type UpdateSuppressionRuleInput = z.input<typeof updateSuppressionRuleInput>;
