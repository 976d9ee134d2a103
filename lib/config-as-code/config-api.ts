import { z } from "zod";
import { configDocument } from "@/lib/config-as-code/config-document";

// What the /api/v1/config routes read and answer. The document itself is checked by
// parse-config.ts (every problem named by its path in the file), so the route takes the body
// as is and the schema here only describes it.

export const configBody = z.unknown().meta({
  description:
    "A configuration document, as GET /api/v1/config returns it. Refused with 422 naming each path (`segments[2].definition.foo`) when a field is unknown, a reference missing, or a value invalid.",
});
export const configQuery = z
  .object({ prune: z.enum(["true", "false"]).optional().describe("true: also delete what the workspace has and the document does not") })
  .strict();
/** A whole workspace's configuration can be large; still bounded. */
export const CONFIG_MAX_BYTES = 8 * 1024 * 1024;

export const configDocumentResponse = configDocument.meta({
  id: "ConfigDocument",
  description: "The workspace's segments, destinations (settings, never secrets), syncs and suppression rules, by stable key.",
});

const fieldChange = z.object({
  path: z.string().describe("e.g. definition.conditions[0].window.amount"),
  before: z.unknown(),
  after: z.unknown(),
});
export const configPlanResponse = z
  .object({
    changes: z.array(
      z.object({
        section: z.enum(["segments", "destinations", "syncs", "suppressionRules"]),
        key: z.string(),
        name: z.string(),
        action: z.enum(["create", "update", "delete"]),
        fields: z.array(fieldChange).describe("For an update: each field that changes."),
        notes: z.array(z.string()).describe("Which environment variables apply reads credentials from."),
        problems: z.array(z.string()).describe("Changes apply cannot make; any problem makes apply refuse the document."),
        skipped: z.boolean().describe("A delete that happens only with prune=true."),
      }),
    ),
    prune: z.boolean(),
    problems: z.number().int(),
    text: z.string().describe("The plan as the CLI prints it; “No changes: …” when the workspace already matches."),
  })
  .meta({ id: "ConfigPlan" });
export const configApplyResponse = z.object({
  plan: configPlanResponse,
  applied: z.number().int().describe("Changes made (0 when the workspace already matched)."),
});
