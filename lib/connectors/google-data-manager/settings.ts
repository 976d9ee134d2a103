import { z } from "zod";
import type { ConnectorContext } from "@/lib/connectors/contract";
import { googleCredentialsSchema, googleSettingsSchema } from "@/lib/connectors/google-ads/settings";
import { ACCOUNT_TYPES, DATA_MANAGER_API_BASE } from "@/lib/connectors/google-data-manager/wire";

// One settings form for Google Customer Match, whichever API carries it. Since April 1, 2026 the
// Google Ads API takes no new Customer Match adopters (CUSTOMER_NOT_ALLOWLISTED_FOR_THIS_FEATURE
// from OfflineUserDataJobService and UserDataService; Google Ads developer blog, 2026-03-04) and
// new integrations use the Data Manager API: so that is the default, and the Ads API path stays
// for accounts that were already uploading. The Ads API fields (developer token, job polling)
// are ignored by the Data Manager path.

export const GOOGLE_APIS = ["data_manager", "google_ads_api"] as const;

const dmConsent = z.enum(["GRANTED", "DENIED", "UNSPECIFIED"]);

const unordered = z.object({
  // First in the form: it decides which of the fields below matter.
  api: z
    .enum(GOOGLE_APIS)
    .default("data_manager")
    .meta({
      title: "Google API",
      description:
        "data_manager: the Data Manager API, for every account (Google's path for Customer Match since April 2026). " +
        "google_ads_api: the Google Ads API, only for accounts already allowlisted for Customer Match (they uploaded between October 2025 and March 2026); it needs a developer token.",
    }),
  ...googleSettingsSchema.shape,
  // A number field in the form (the Ads schema's int-or-10000 union renders as text and never parses).
  membershipLifeSpanDays: z
    .number()
    .int()
    .min(0)
    .max(10000)
    .refine((d) => d <= 540 || d === 10000, "Membership lasts 0–540 days, or 10000 for unlimited")
    .default(540),
  /** ProductAccount.accountType of the operating account (destination.proto). */
  operatingAccountType: z.enum(ACCOUNT_TYPES).default("GOOGLE_ADS").meta({
    title: "Operating account type",
    description: "Data Manager API: the kind of account the Customer ID belongs to (a Google Ads customer: GOOGLE_ADS).",
  }),
  // Consent: no default on the Data Manager path's behalf would be true, so UNSPECIFIED (not
  // sent) unless the workspace attests it; Google then says what it requires, in its words.
  adUserDataConsent: dmConsent.default("UNSPECIFIED").meta({
    title: "Ad user data consent",
    description:
      "What the people in this audience agreed to for sending their data to Google (EU user consent policy). Sent with every upload.",
  }),
  adPersonalizationConsent: dmConsent.default("UNSPECIFIED").meta({
    title: "Ad personalization consent",
    description: "What the people in this audience agreed to for personalized ads. Sent with every upload.",
  }),
  /** TermsOfService.customerMatchTermsOfServiceStatus: "must be accepted for all uploads to Customer Match userlists". */
  acceptCustomerMatchTerms: z.boolean().default(false).meta({
    title: "Customer Match terms accepted",
    description:
      "Data Manager API: the workspace accepts Google's Customer Match terms (support.google.com/adspolicy/answer/6299717) with every upload.",
  }),
  dataManagerBaseUrl: z.string().url().default(DATA_MANAGER_API_BASE).meta({ title: "Data Manager API base URL" }),
  /** How long one call waits for Google to finish processing (requestStatus:retrieve) before returning with it still PROCESSING. */
  requestStatusPollTimeoutMs: z.number().int().min(0).max(600_000).default(10_000),
  requestStatusPollIntervalMs: z.number().int().min(10).max(60_000).default(1_000),
});

// The form shows fields in this order: what both APIs use first, then the Data Manager API's,
// then the Google Ads API path's own.
const ORDER = [
  "api",
  "customerId",
  "operatingAccountType",
  "loginCustomerId",
  "adUserDataConsent",
  "adPersonalizationConsent",
  "acceptCustomerMatchTerms",
  "membershipLifeSpanDays",
  "dataManagerBaseUrl",
  "oauthTokenUrl",
  "apiBaseUrl",
  "requestStatusPollTimeoutMs",
  "requestStatusPollIntervalMs",
  "jobPollTimeoutMs",
  "jobPollIntervalMs",
  "timeoutMs",
] as const satisfies readonly (keyof typeof unordered.shape)[];

export const googleCustomerMatchSettingsSchema = z.object(
  Object.fromEntries(ORDER.map((k) => [k, unordered.shape[k]])) as { [K in (typeof ORDER)[number]]: (typeof unordered.shape)[K] },
);

export const googleCustomerMatchCredentialsSchema = googleCredentialsSchema.extend({
  developerToken: z
    .string()
    .trim()
    .optional()
    .meta({ description: "Google Ads API only (accounts already allowlisted for Customer Match). The Data Manager API needs none." }),
});

export type GoogleCustomerMatchSettings = z.output<typeof googleCustomerMatchSettingsSchema>;
export type GoogleCustomerMatchCredentials = z.output<typeof googleCustomerMatchCredentialsSchema>;
export type DataManagerCtx = ConnectorContext<GoogleCustomerMatchSettings, GoogleCustomerMatchCredentials>;
