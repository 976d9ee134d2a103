import { z } from "zod";
import type { AudienceItem, ItemResult } from "@/lib/connectors/contract";
import { invalidItem } from "@/lib/connectors/identifiers";
import { googleEmailHash, googlePhoneHash } from "@/lib/connectors/google-ads/hashing";

// Google Ads Customer Match wire shapes (reference §2): OfflineUserDataJobService over REST.

/**
 * Google Ads API version, checked 2026-12-01 (NOTES.md). v22, which Segment pins (§2.1), sunset on
 * 2026-10-07 ("all v22 API requests will begin to fail",
 * https://developers.google.com/ads/blog/posts/2026/09/google-ads-api-v22-sunset-reminder). Live on
 * 2026-12-01: v23 (projected sunset February 2027), v24 (May 2027), v25 (August 2027) and v26
 * (released 2026-10-14, projected sunset November 2027; Google: "If you are new to the Google Ads
 * API, we recommend that you start with v26", https://developers.google.com/google-ads/api/docs/sunset-dates;
 * projections from https://developers.google.com/ads/blog/posts/2025/09/more-frequent-releases-coming-for).
 */
export const GOOGLE_ADS_API_VERSION = "v26";
export const GOOGLE_ADS_API_BASE = `https://googleads.googleapis.com/${GOOGLE_ADS_API_VERSION}`;
/** Oldest Google Ads API major version still served on 2026-12-01. */
export const GOOGLE_ADS_OLDEST_LIVE_MAJOR = 23;

/**
 * A saved Google Ads API address on a sunset version moves to the current one: Google refuses
 * every call to it, and destinations saved before this change carry v22 (the default then). Only
 * googleads.googleapis.com is rewritten, and only its version, so the host the credentials are
 * bound to never changes; emulators and proxies keep whatever they were given.
 */
export function liveAdsBaseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  const version = /^\/v(\d+)\/?$/.exec(parsed.pathname);
  if (parsed.hostname !== "googleads.googleapis.com" || !version || Number(version[1]) >= GOOGLE_ADS_OLDEST_LIVE_MAJOR) return url;
  return GOOGLE_ADS_API_BASE;
}
export const GOOGLE_OAUTH_TOKEN_URL = "https://www.googleapis.com/oauth2/v4/token"; // Segment's refresh endpoint (§2.4)
/** People (operations) per connector call, one job each: Segment's batch size. addOperations calls are sized in identifiers (batch-limits.ts). */
export const GOOGLE_MAX_OPERATIONS = 10_000;

/** UserIdentifier is a oneof: each element carries exactly one field (§2.1). */
export type UserIdentifier = { hashedEmail: string } | { hashedPhoneNumber: string };
export type JobOperation = { create: { userIdentifiers: UserIdentifier[] } } | { remove: { userIdentifiers: UserIdentifier[] } };

export type BuiltOperations = { operations: JobOperation[]; keys: string[]; invalid: ItemResult[] };

/** One UserData operation per person; people with no usable identifier never reach the job. */
export function buildOperations(items: AudienceItem[], op: "create" | "remove"): BuiltOperations {
  const operations: JobOperation[] = [];
  const keys: string[] = [];
  const invalid: ItemResult[] = [];
  for (const item of items) {
    const email = googleEmailHash(item);
    const phone = googlePhoneHash(item);
    const ids: UserIdentifier[] = [];
    if (email && "hash" in email) ids.push({ hashedEmail: email.hash });
    if (phone && "hash" in phone) ids.push({ hashedPhoneNumber: phone.hash });
    if (!ids.length) {
      const why = [
        email && "error" in email ? `email ${email.error}` : null,
        phone && "error" in phone ? `phone ${phone.error}` : null,
      ].filter(Boolean);
      invalid.push(invalidItem(item.key, why.length ? why.join("; ") : "no email or phone", "no_identifier"));
      continue;
    }
    operations.push(op === "create" ? { create: { userIdentifiers: ids } } : { remove: { userIdentifiers: ids } });
    keys.push(item.key);
  }
  return { operations, keys, invalid };
}

// ---- responses ----

export const tokenResponseSchema = z.object({
  access_token: z.string(),
  expires_in: z.coerce.number().default(3600),
  token_type: z.string().optional(),
});
export const oauthErrorSchema = z.object({ error: z.string(), error_description: z.string().optional() });

export const mutateResponseSchema = z.object({ results: z.array(z.object({ resourceName: z.string() })).min(1) });
export const resourceSchema = z.object({ resourceName: z.string() });
export const operationSchema = z.object({ name: z.string() }).passthrough();

const fieldPathElement = z.object({ fieldName: z.string(), index: z.number().int().optional() });
export const googleAdsErrorSchema = z.object({
  errorCode: z.record(z.string(), z.string()).optional(),
  message: z.string().optional(),
  trigger: z.record(z.string(), z.unknown()).optional(),
  location: z.object({ fieldPathElements: z.array(fieldPathElement).default([]) }).optional(),
  details: z
    .object({ quotaErrorDetails: z.object({ retryDelay: z.string().optional() }).passthrough().optional() })
    .passthrough()
    .optional(),
});
export type GoogleAdsError = z.infer<typeof googleAdsErrorSchema>;

/** google.rpc.Status whose details carry a GoogleAdsFailure (§2.5). */
export const statusSchema = z.object({
  code: z.number().int(),
  message: z.string().default(""),
  status: z.string().optional(),
  details: z
    .array(
      z
        .object({ "@type": z.string().optional(), errors: z.array(googleAdsErrorSchema).optional(), requestId: z.string().optional() })
        .passthrough(),
    )
    .default([]),
});
export const errorEnvelopeSchema = z.object({ error: statusSchema });

export const addOperationsResponseSchema = z.object({ partialFailureError: statusSchema.optional(), warning: statusSchema.optional() });

/** googleAds:search; `results` is omitted when nothing matched (proto3 JSON). */
export const searchResponseSchema = <T extends z.ZodType>(row: T) =>
  z.object({
    results: z.array(row).default([]),
    fieldMask: z.string().optional(),
    requestId: z.string().optional(),
    nextPageToken: z.string().optional(),
  });

export const userListRowSchema = z.object({
  userList: z.object({
    resourceName: z.string(),
    id: z.coerce.string().optional(),
    name: z.string().optional(),
    sizeForDisplay: z.coerce.number().optional(),
    sizeForSearch: z.coerce.number().optional(),
    matchRatePercentage: z.coerce.number().optional(),
    membershipStatus: z.string().optional(),
  }),
});

export const jobRowSchema = z.object({
  offlineUserDataJob: z.object({
    resourceName: z.string(),
    status: z.string(),
    failureReason: z.string().optional(),
    operationMetadata: z.object({ matchRateRange: z.string().optional() }).optional(),
  }),
});

export const customerRowSchema = z.object({
  customer: z.object({
    id: z.coerce.string().optional(),
    descriptiveName: z.string().optional(),
    conversionTrackingSetting: z.object({ acceptedCustomerDataTerms: z.boolean().optional() }).optional(),
  }),
});
