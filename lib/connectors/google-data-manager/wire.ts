import { z } from "zod";
import type { AudienceItem, ItemResult } from "@/lib/connectors/contract";
import { invalidItem } from "@/lib/connectors/identifiers";
import { dataManagerEmailHash, dataManagerPhoneHash } from "@/lib/connectors/google-data-manager/hashing";

// Data Manager API wire shapes. Sources (checked 2026-12-01):
// - audienceMembers:ingest / :remove:
//   https://developers.google.com/data-manager/api/reference/rest/v1/audienceMembers/ingest
//   body {destinations, audienceMembers, consent, validateOnly, encoding, encryptionInfo, termsOfService} → {requestId}
// - requestStatus:retrieve: GET https://datamanager.googleapis.com/v1/requestStatus:retrieve?requestId=…
//   https://developers.google.com/data-manager/api/reference/rest/v1/requestStatus/retrieve
// - Destination / ProductAccount / TermsOfService / RequestStatusPerDestination / UserList: the
//   published protos, googleapis/googleapis google/ads/datamanager/v1/*.proto
// - limits: https://developers.google.com/data-manager/api/devguides/limits
// OAuth scope for every method: https://www.googleapis.com/auth/datamanager. No developer token.

export const DATA_MANAGER_API_BASE = "https://datamanager.googleapis.com/v1";
/** "10,000 AudienceMember resources in the audience_members list" per ingest/remove request (limits page). */
export const DATA_MANAGER_MAX_MEMBERS = 10_000;
/** "10 user identifiers in the UserData for an AudienceMember" (limits page). */
export const DATA_MANAGER_MAX_IDENTIFIERS = 10;

export const ACCOUNT_TYPES = ["GOOGLE_ADS", "DISPLAY_VIDEO_ADVERTISER", "DISPLAY_VIDEO_PARTNER", "DATA_PARTNER"] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];

export type ProductAccount = { accountType: AccountType; accountId: string };
export type Destination = { operatingAccount: ProductAccount; loginAccount?: ProductAccount; productDestinationId: string };
export type UserIdentifier = { emailAddress: string } | { phoneNumber: string };
export type AudienceMember = { userData: { userIdentifiers: UserIdentifier[] } };

export type BuiltMembers = { members: AudienceMember[]; keys: string[]; invalid: ItemResult[] };

/** One AudienceMember per person (hashed, HEX); people with no usable identifier never leave. */
export function buildMembers(items: AudienceItem[]): BuiltMembers {
  const members: AudienceMember[] = [];
  const keys: string[] = [];
  const invalid: ItemResult[] = [];
  for (const item of items) {
    const email = dataManagerEmailHash(item);
    const phone = dataManagerPhoneHash(item);
    const ids: UserIdentifier[] = [];
    if (email && "hash" in email) ids.push({ emailAddress: email.hash });
    if (phone && "hash" in phone) ids.push({ phoneNumber: phone.hash });
    if (!ids.length) {
      const why = [email && "error" in email ? `email ${email.error}` : null, phone && "error" in phone ? `phone ${phone.error}` : null];
      const text = why.filter(Boolean).join("; ");
      invalid.push(invalidItem(item.key, text || "no email or phone", "no_identifier"));
      continue;
    }
    members.push({ userData: { userIdentifiers: ids } });
    keys.push(item.key);
  }
  return { members, keys, invalid };
}

// ---- responses ----

export const ingestResponseSchema = z.object({ requestId: z.string().min(1) }).passthrough();

const errorCount = z.object({
  recordCount: z.coerce.number().default(0),
  reason: z.string().default("PROCESSING_ERROR_REASON_UNSPECIFIED"),
});
const destinationStatus = z
  .object({
    requestStatus: z
      .enum(["REQUEST_STATUS_UNKNOWN", "SUCCESS", "PROCESSING", "FAILED", "PARTIAL_SUCCESS"])
      .default("REQUEST_STATUS_UNKNOWN"),
    errorInfo: z.object({ errorCounts: z.array(errorCount).default([]) }).optional(),
    audienceMembersIngestionStatus: z
      .object({
        userDataIngestionStatus: z
          .object({
            recordCount: z.coerce.number().optional(),
            userIdentifierCount: z.coerce.number().optional(),
            uploadMatchRateRange: z.string().optional(),
          })
          .optional(),
      })
      .optional(),
    audienceMembersRemovalStatus: z
      .object({
        userDataRemovalStatus: z
          .object({ recordCount: z.coerce.number().optional(), userIdentifierCount: z.coerce.number().optional() })
          .optional(),
      })
      .optional(),
  })
  .passthrough();
export type DestinationStatus = z.infer<typeof destinationStatus>;
export const requestStatusResponseSchema = z.object({ requestStatusPerDestination: z.array(destinationStatus).default([]) });

/** UserList (user_list.proto); int64 fields arrive as strings in proto3 JSON. */
export const userListSchema = z
  .object({
    name: z.string(),
    id: z.coerce.string().optional(),
    displayName: z.string().optional(),
    membershipStatus: z.string().optional(),
    sizeInfo: z
      .object({ displayNetworkMembersCount: z.coerce.number().optional(), searchNetworkMembersCount: z.coerce.number().optional() })
      .optional(),
    ingestedUserListInfo: z
      .object({
        uploadKeyTypes: z.array(z.string()).default([]),
        contactIdInfo: z.object({ matchRatePercentage: z.coerce.number().optional() }).optional(),
      })
      .optional(),
  })
  .passthrough();
export const listUserListsSchema = z.object({ userLists: z.array(userListSchema).default([]), nextPageToken: z.string().optional() });

/** google.rpc.Status as REST returns it, with ErrorInfo / BadRequest / RequestInfo details. */
export const statusSchema = z.object({
  error: z.object({
    code: z.number().int(),
    message: z.string().default(""),
    status: z.string().optional(),
    details: z
      .array(
        z
          .object({
            "@type": z.string().optional(),
            reason: z.string().optional(),
            domain: z.string().optional(),
            metadata: z.record(z.string(), z.string()).optional(),
            requestId: z.string().optional(),
            fieldViolations: z
              .array(z.object({ field: z.string().default(""), description: z.string().default(""), reason: z.string().optional() }))
              .optional(),
          })
          .passthrough(),
      )
      .default([]),
  }),
});
export type RpcStatus = z.infer<typeof statusSchema>["error"];
