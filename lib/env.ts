import { z } from "zod";
import { parseEgressAllow } from "@/lib/egress/egress-policy";

// Validated environment. Read lazily so scripts can set variables (the embedded
// Postgres URL, generated dev secrets) before anything touches the database.
const envSchema = z.object({
  DATABASE_URL: z.string().url({ message: "DATABASE_URL must be a postgres:// URL" }),
  AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters"),
  ENCRYPTION_KEY: z
    .string()
    .regex(/^[0-9a-f]{64}$/i, "ENCRYPTION_KEY must be 64 hex characters (32 bytes)"),
  DEMO_MODE: z
    .enum(["0", "1", "true", "false"])
    .optional()
    .transform((v) => v === "1" || v === "true"),
  DEFAULT_PHONE_COUNTRY: z.string().length(2).default("US"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /**
   * Hosts and ranges outbound connections may reach although internal (loopback, private,
   * link-local…): "warehouse.corp.internal,10.20.0.0/16,localhost:3000". Read by lib/egress;
   * validated here so a typo stops start-up.
   */
  EGRESS_ALLOW: z
    .string()
    .optional()
    .superRefine((v, ctx) => {
      try {
        parseEgressAllow(v);
      } catch (e) {
        ctx.addIssue({ code: "custom", message: (e as Error).message });
      }
    }),
  /** Lets scripts use the demo's sandbox controls (header x-sandbox-control-token) without a session. */
  SANDBOX_CONTROL_TOKEN: z.string().min(16, "SANDBOX_CONTROL_TOKEN must be at least 16 characters").optional(),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse({
    ...process.env,
    AUTH_SECRET: process.env.AUTH_SECRET ?? process.env.NEXTAUTH_SECRET,
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${problems}`);
  }
  cached = parsed.data;
  return cached;
}

/** For tests that switch databases between files. */
export function resetEnvCache() {
  cached = undefined;
}
