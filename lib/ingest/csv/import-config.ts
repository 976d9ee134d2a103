import { z } from "zod";

// What the browser sends before uploading a CSV: the kind of import and, for every column of
// the header in order, where its values go. Safe to import from client components (zod only).

export const importKinds = ["people", "events"] as const;
export type ImportKind = (typeof importKinds)[number];

export const valueTypes = ["text", "number", "boolean", "date"] as const;
export type ValueType = (typeof valueTypes)[number];

const fieldName = z.string().trim().min(1, "needs a name").max(150, "must be at most 150 characters");

export const columnTarget = z.discriminatedUnion("to", [
  z.object({ to: z.literal("ignore") }),
  z.object({ to: z.literal("external_id") }),
  z.object({ to: z.literal("email") }),
  z.object({ to: z.literal("phone") }),
  z.object({ to: z.literal("anonymous_id") }),
  z.object({ to: z.literal("attribute"), name: fieldName, type: z.enum(valueTypes).default("text") }),
  z.object({ to: z.literal("event_name") }),
  z.object({ to: z.literal("timestamp") }),
  z.object({ to: z.literal("message_id") }),
  z.object({ to: z.literal("property"), name: fieldName, type: z.enum(valueTypes).default("text") }),
]);
export type ColumnTarget = z.infer<typeof columnTarget>;

const SINGLE = ["external_id", "email", "phone", "anonymous_id", "event_name", "timestamp", "message_id"] as const;
const EVENTS_ONLY = new Set(["event_name", "timestamp", "message_id", "property"]);
const PEOPLE_ONLY = new Set(["attribute"]);

export const importConfig = z
  .object({
    kind: z.enum(importKinds),
    fileName: z.string().trim().min(1).max(255),
    fileBytes: z.number().int().nonnegative().optional(),
    delimiter: z.enum([",", ";", "\t", "|"]).default(","),
    /** One entry per header column, in order. */
    columns: z.array(columnTarget).min(1, "the file has no columns").max(500, "at most 500 columns"),
    /** Events: the name for every row when no column holds it. */
    eventName: z.string().trim().min(1).max(200).optional(),
  })
  .superRefine((c, ctx) => {
    const issue = (message: string, path: (string | number)[] = ["columns"]) => ctx.addIssue({ code: "custom", message, path });
    for (const target of SINGLE) {
      if (c.columns.filter((col) => col.to === target).length > 1) issue(`only one column can be ${target.replace("_", " ")}`);
    }
    c.columns.forEach((col, i) => {
      if (c.kind === "people" && EVENTS_ONLY.has(col.to))
        issue(`column ${i + 1}: ${col.to.replace("_", " ")} is only for event imports`, ["columns", i]);
      if (c.kind === "events" && PEOPLE_ONLY.has(col.to)) issue(`column ${i + 1}: map it to an event property instead`, ["columns", i]);
    });
    const names = c.columns.flatMap((col) => ("name" in col ? [`${col.to}:${col.name}`] : []));
    if (new Set(names).size !== names.length) issue("two columns map to the same attribute or property name");
    if (!c.columns.some((col) => col.to === "external_id" || col.to === "email" || col.to === "anonymous_id")) {
      issue("map at least one identifier column: external id, email or anonymous id");
    }
    if (c.kind === "events" && !c.columns.some((col) => col.to === "event_name") && !c.eventName)
      issue("map the event name column or give one name for every row", ["eventName"]);
  });

export type ImportConfig = z.infer<typeof importConfig>;
