import { z } from "zod";
import type { ConnectorContext } from "@/lib/connectors/contract";
import { customerDigits } from "@/lib/connectors/google-ads/hashing";
import { GOOGLE_ADS_API_BASE, GOOGLE_OAUTH_TOKEN_URL, liveAdsBaseUrl } from "@/lib/connectors/google-ads/wire";

const customerId = z
  .string()
  .trim()
  .transform(customerDigits)
  .pipe(z.string().regex(/^\d{10}$/, "Customer ids are 10 digits (dashes allowed)"));

const consent = z.enum(["GRANTED", "DENIED", "UNSPECIFIED"]);

export const googleSettingsSchema = z.object({
  /** The advertiser account that owns the Customer Match lists. */
  customerId,
  /** Manager (MCC) account id when acting through one; sent as login-customer-id (§2.4). */
  loginCustomerId: customerId.optional(),
  /** API base including the version; point it at the emulator in tests and the demo. A sunset version moves to the current one. */
  apiBaseUrl: z.string().url().default(GOOGLE_ADS_API_BASE).transform(liveAdsBaseUrl),
  /** OAuth token endpoint (the emulator serves one too). */
  oauthTokenUrl: z.string().url().default(GOOGLE_OAUTH_TOKEN_URL),
  /** 0–540 days, or 10000 for unlimited (§2.1). */
  membershipLifeSpanDays: z.union([z.number().int().min(0).max(540), z.literal(10000)]).default(540),
  /** EU user consent sent with every job; the workspace attests it when it connects the account. */
  adUserDataConsent: consent.default("GRANTED"),
  adPersonalizationConsent: consent.default("GRANTED"),
  /** How long one call waits for its job to finish before returning with the job still RUNNING. */
  jobPollTimeoutMs: z.number().int().min(0).max(600_000).default(10_000),
  jobPollIntervalMs: z.number().int().min(10).max(60_000).default(1_000),
  timeoutMs: z.number().int().min(1_000).max(300_000).default(30_000),
});

export const googleCredentialsSchema = z.object({
  developerToken: z.string().trim().min(1, "Developer token is required"),
  clientId: z.string().trim().min(1, "OAuth client id is required"),
  clientSecret: z.string().trim().min(1, "OAuth client secret is required"),
  refreshToken: z.string().trim().min(1, "Refresh token is required"),
});

export type GoogleSettings = z.output<typeof googleSettingsSchema>;
export type GoogleCredentials = z.output<typeof googleCredentialsSchema>;
export type GoogleCtx = ConnectorContext<GoogleSettings, GoogleCredentials>;
