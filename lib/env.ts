import { z } from "zod";
import { parseEgressAllow } from "@/lib/egress/egress-policy";

// An empty value (OIDC_ISSUER= in a .env file) means unset, so the default or "off" applies.
const blank = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema);

const commaList = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  );

// Validated environment. Read lazily so scripts can set variables (the embedded
// Postgres URL, generated dev secrets) before anything touches the database.
export const envSchema = z
  .object({
    DATABASE_URL: z.string().url({ message: "DATABASE_URL must be a postgres:// URL" }),
    AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters"),
    ENCRYPTION_KEY: z.string().regex(/^[0-9a-f]{64}$/i, "ENCRYPTION_KEY must be 64 hex characters (32 bytes)"),
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
    // Single sign-on (lib/auth/oidc-config.ts). Set all three of issuer, client id and secret, or none.
    OIDC_ISSUER: blank(z.string().url({ message: "OIDC_ISSUER must be the provider's issuer URL, e.g. https://acme.okta.com" }).optional()),
    OIDC_CLIENT_ID: blank(z.string().min(1).optional()),
    OIDC_CLIENT_SECRET: blank(z.string().min(1).optional()),
    /** The sign-in button's words. */
    OIDC_DISPLAY_NAME: blank(z.string().trim().min(1).max(60).default("Sign in with single sign-on")),
    /** Space-separated scopes to ask for; add the one that puts the role claim in the ID token ("groups" at Okta). */
    OIDC_SCOPE: blank(z.string().trim().default("openid email profile")),
    /** The ID token claim holding the person's groups (or a single role value). */
    OIDC_ROLE_CLAIM: blank(z.string().trim().min(1).default("groups")),
    /** Comma lists of claim values granting each role; the highest match wins. */
    OIDC_ADMIN_GROUPS: commaList,
    OIDC_EDITOR_GROUPS: commaList,
    OIDC_VIEWER_GROUPS: commaList,
    /** Seconds between near-real-time segment passes (lib/segments/realtime); 0 turns them off. */
    SEGMENTS_REALTIME_SECONDS: blank(z.coerce.number().int().min(0).max(3600).default(10)),
    /** "off": only single sign-on signs people in (the password form, endpoint and action refuse). */
    PASSWORD_SIGN_IN: blank(z.enum(["on", "off"], { message: 'PASSWORD_SIGN_IN must be "on" or "off"' }).default("on")),
  })
  .superRefine((v, ctx) => {
    const oidc = [v.OIDC_ISSUER, v.OIDC_CLIENT_ID, v.OIDC_CLIENT_SECRET];
    if (oidc.some(Boolean) && !oidc.every(Boolean)) {
      ctx.addIssue({
        code: "custom",
        path: ["OIDC_ISSUER"],
        message: "Set all of OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET for single sign-on, or none of them",
      });
    }
    if (v.OIDC_ISSUER && !v.OIDC_ADMIN_GROUPS.length && !v.OIDC_EDITOR_GROUPS.length && !v.OIDC_VIEWER_GROUPS.length) {
      ctx.addIssue({
        code: "custom",
        path: ["OIDC_VIEWER_GROUPS"],
        message:
          "Single sign-on needs at least one of OIDC_ADMIN_GROUPS, OIDC_EDITOR_GROUPS or OIDC_VIEWER_GROUPS, or nobody could sign in",
      });
    }
    // Otherwise nobody could sign in to the console at all.
    if (v.PASSWORD_SIGN_IN === "off" && !v.OIDC_ISSUER) {
      ctx.addIssue({
        code: "custom",
        path: ["PASSWORD_SIGN_IN"],
        message: "PASSWORD_SIGN_IN=off needs single sign-on configured (OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET)",
      });
    }
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
