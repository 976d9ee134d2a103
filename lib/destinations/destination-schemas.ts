import { z } from "zod";
import type { ZodType } from "zod";
import { AppError } from "@/lib/errors";

// Inputs for destination configuration. Settings and credentials are open records here: each
// connector's own zod schemas validate them (parseWith), so a new platform needs no change here.

export const DESTINATION_KINDS = ["meta", "google_ads", "tiktok", "webhook", "warehouse"] as const;

export const createDestinationInput = z.object({
  name: z.string().trim().min(1, "Give the destination a name").max(120),
  kind: z.enum(DESTINATION_KINDS),
  settings: z.record(z.string(), z.unknown()).default({}),
  credentials: z.record(z.string(), z.unknown()).default({}),
});
export type CreateDestinationInput = z.input<typeof createDestinationInput>;

export const updateDestinationInput = z.object({
  name: z.string().trim().min(1, "Give the destination a name").max(120).optional(),
  settings: z.record(z.string(), z.unknown()).optional(),
  /** Only the fields present and non-empty replace saved secrets; the rest keep their value. */
  credentials: z.record(z.string(), z.unknown()).optional(),
});
export type UpdateDestinationInput = z.input<typeof updateDestinationInput>;

/** Connector-schema validation as a 422 naming each field (`settings.url: …`). */
export function parseWith<T>(schema: ZodType<T>, value: unknown, where: "settings" | "credentials"): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ path: [where, ...i.path.map(String)].join("."), message: i.message }));
  throw new AppError("validation_failed", `Check the ${where}: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`, { issues });
}

/** Drops blank values a form sends for untouched secret fields, so they do not erase saved ones. */
export function nonBlank(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(values).filter(([, v]) => v !== undefined && v !== null && !(typeof v === "string" && v.trim() === "")),
  );
}
