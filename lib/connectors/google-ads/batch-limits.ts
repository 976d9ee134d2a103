import { chunkByWeight, type Chunk } from "@/lib/connectors/chunk-by-weight";
import type { JobOperation } from "@/lib/connectors/google-ads/wire";

// Google Ads API Customer Match limits, in the unit Google counts: user identifiers, not
// operations (one operation = one person = up to 20 identifiers). Checked 2026-12-01.

/**
 * Hard limit: "The operations collection for each AddOfflineUserDataJobOperationsRequest can
 * contain at most 100,000 identifiers across all of the UserData objects in the operations"
 * (https://developers.google.com/google-ads/api/docs/remarketing/audience-segments/customer-match/get-started);
 * above it Google answers OfflineUserDataJobError.TOO_MANY_USER_IDENTIFIERS.
 */
export const GOOGLE_MAX_IDENTIFIERS_PER_REQUEST = 100_000;
/**
 * What we send per addOperations call: Google's recommendation, "For optimal performance, it is
 * recommended to include up to 10,000 identifiers per call" (Google Ads API Team, API forum:
 * https://www.mail-archive.com/adwords-api@googlegroups.com/msg113667.html). All calls go to the
 * same job: "It's far more efficient to create a single large job than several smaller jobs"
 * (the get-started guide above).
 */
export const GOOGLE_IDENTIFIERS_PER_REQUEST = 10_000;
/**
 * One UserData operation carries at most 20 identifiers, and one person
 * (https://ads-developers.googleblog.com/2021/10/userdata-enforcement-in-google-ads-api.html).
 * We send at most an email and a phone per person, so this never binds; it is recorded here so
 * a new identifier kind does not silently exceed it.
 */
export const GOOGLE_MAX_IDENTIFIERS_PER_OPERATION = 20;

export const identifiersIn = (op: JobOperation): number => ("create" in op ? op.create : op.remove).userIdentifiers.length;

/** Consecutive runs of operations for one addOperations call each, ≤10,000 identifiers a call. */
export function addOperationsChunks(operations: readonly JobOperation[], perRequest = GOOGLE_IDENTIFIERS_PER_REQUEST): Chunk[] {
  return chunkByWeight(operations.map(identifiersIn), Math.min(perRequest, GOOGLE_MAX_IDENTIFIERS_PER_REQUEST));
}
