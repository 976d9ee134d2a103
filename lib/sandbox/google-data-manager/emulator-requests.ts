import type pg from "pg";
import { z } from "zod";
import { SHA256_HEX } from "@/lib/sandbox/digests";
import { dmError, invalid, type DmEmulatorConfig, type FieldViolation } from "@/lib/sandbox/google-data-manager/emulator-config";
import { json } from "@/lib/sandbox/request";
import { addMembers, getAudience, removeMembers, type MemberInput } from "@/lib/sandbox/store";

export const DM_PLATFORM = "google_data_manager" as const;

// audienceMembers:ingest / :remove and requestStatus:retrieve. Validation fails the whole request
// with every bad field named (fast-fail model); accepted requests are stored and processed once
// `processingSeconds` have passed, the next time anything reads their status or the lists.

const account = z
  .object({ accountType: z.string().optional(), accountId: z.string().optional(), product: z.string().optional() })
  .passthrough();
const requestSchema = z
  .object({
    destinations: z
      .array(
        z
          .object({ operatingAccount: account.optional(), loginAccount: account.optional(), productDestinationId: z.string().optional() })
          .passthrough(),
      )
      .optional(),
    audienceMembers: z.array(z.unknown()).optional(),
    consent: z.object({ adUserData: z.string().optional(), adPersonalization: z.string().optional() }).optional(),
    validateOnly: z.boolean().optional(),
    encoding: z.string().optional(),
    termsOfService: z.object({ customerMatchTermsOfServiceStatus: z.string().optional() }).optional(),
  })
  .passthrough();

const CONSENT = new Set(["CONSENT_STATUS_UNSPECIFIED", "CONSENT_GRANTED", "CONSENT_DENIED"]);
const BASE64_SHA256 = /^[A-Za-z0-9+/]{43}=$/;

/** A hashed identifier as stored: hex digest, whichever encoding it arrived in. */
function digest(value: unknown, encoding: string): { hash: string } | { reason: string; description: string } {
  if (typeof value !== "string" || !value) return { reason: "REQUIRED_FIELD_MISSING", description: "The identifier is empty." };
  if (encoding === "HEX") {
    if (!/^[0-9a-fA-F]*$/.test(value) || value.length % 2)
      return { reason: "INVALID_HEX_ENCODING", description: "The HEX encoded value is malformed." };
    if (!SHA256_HEX.test(value.toLowerCase()))
      return { reason: "INVALID_SHA256_FORMAT", description: "The SHA256 encoded value is malformed." };
    return { hash: value.toLowerCase() };
  }
  if (!BASE64_SHA256.test(value)) return { reason: "INVALID_BASE64_ENCODING", description: "The base64 encoded value is malformed." };
  return { hash: Buffer.from(value, "base64").toString("hex") };
}

export async function ingestOrRemove(db: pg.Pool, op: "ingest" | "remove", body: unknown, config: DmEmulatorConfig): Promise<Response> {
  const parsed = requestSchema.safeParse(body);
  if (!parsed.success)
    return invalid([
      { field: parsed.error.issues[0]?.path.join(".") ?? "", description: "Invalid JSON payload received.", reason: "INVALID_ARGUMENT" },
    ]);
  const req = parsed.data;
  const destinations = req.destinations ?? [];
  const members = req.audienceMembers ?? [];
  const v: FieldViolation[] = [];
  if (!destinations.length)
    v.push({ field: "destinations", description: "At least one destination is required.", reason: "REQUIRED_FIELD_MISSING" });
  if (destinations.length > config.maxDestinationsPerRequest)
    v.push({
      field: "destinations",
      description: `Maximum number of destinations allowed per request is ${config.maxDestinationsPerRequest}.`,
      reason: "TOO_MANY_DESTINATIONS",
    });
  if (!members.length)
    v.push({ field: "audience_members", description: "At least one audience member is required.", reason: "REQUIRED_FIELD_MISSING" });
  if (members.length > config.maxMembersPerRequest)
    v.push({
      field: "audience_members",
      description: `Maximum number of audience members allowed per request is ${config.maxMembersPerRequest.toLocaleString("en-US")}.`,
      reason: "TOO_MANY_AUDIENCE_MEMBERS",
    });
  // "Required for UserData uploads" (IngestAudienceMembersRequest.encoding).
  if (!req.encoding)
    v.push({ field: "encoding", description: "Encoding is required for UserData uploads.", reason: "REQUIRED_FIELD_MISSING" });
  else if (!["HEX", "BASE64"].includes(req.encoding))
    v.push({ field: "encoding", description: `Invalid value for encoding: ${req.encoding}.`, reason: "INVALID_ENUM_VALUE" });
  for (const [k, c] of Object.entries(req.consent ?? {}))
    if (c && !CONSENT.has(c))
      v.push({
        field: `consent.${k === "adUserData" ? "ad_user_data" : "ad_personalization"}`,
        description: `Invalid value: ${c}.`,
        reason: "INVALID_ENUM_VALUE",
      });
  if (v.length) return invalid(v);

  // Destinations: the operating account must exist, be of the type named, be reached through its
  // manager when it has one, and own the list.
  for (const [i, d] of destinations.entries()) {
    const id = d.operatingAccount?.accountId ?? "";
    const type = d.operatingAccount?.accountType ?? d.operatingAccount?.product;
    const at = (f: string) => `destinations[${i}].${f}`;
    if (!id || !type)
      return invalid([
        {
          field: at("operating_account"),
          description: "The operating account needs an account_id and an account_type.",
          reason: "REQUIRED_FIELD_MISSING",
        },
      ]);
    const known = config.accounts[id];
    if (!known)
      return dmError(
        "PERMISSION_DENIED",
        "PERMISSION_DENIED",
        `The caller does not have permission to access account ${id}, or it does not exist.`,
      );
    if (known !== type)
      return invalid([
        {
          field: at("operating_account.account_type"),
          description: `Account ${id} is a ${known} account, not ${type}.`,
          reason: "INVALID_DESTINATION",
        },
      ]);
    const manager = config.managedAccounts[id];
    if (manager && d.loginAccount?.accountId !== manager)
      return dmError(
        "PERMISSION_DENIED",
        "PERMISSION_DENIED",
        `The caller does not have permission to access account ${id}. Set its manager account as the login_account.`,
      );
    const list = d.productDestinationId ? await getAudience(db, DM_PLATFORM, d.productDestinationId) : undefined;
    if (!d.productDestinationId)
      return invalid([
        { field: at("product_destination_id"), description: "The product destination id is required.", reason: "REQUIRED_FIELD_MISSING" },
      ]);
    if (!list || list.account_id !== id)
      return invalid([
        {
          field: at("product_destination_id"),
          description: `User list ${d.productDestinationId} does not exist in account ${id}.`,
          reason: "INVALID_USER_LIST_ID",
        },
      ]);
    if (req.termsOfService?.customerMatchTermsOfServiceStatus !== "ACCEPTED" && !config.termsAcceptedAccounts.includes(id))
      return dmError(
        "INVALID_ARGUMENT",
        "TERMS_AND_CONDITIONS_NOT_SIGNED",
        "The Customer Match terms of service have not been accepted for this account.",
        {
          violations: [
            {
              field: "terms_of_service.customer_match_terms_of_service_status",
              description: "Required terms and conditions are not accepted.",
              reason: "TERMS_AND_CONDITIONS_NOT_SIGNED",
            },
          ],
        },
      );
  }

  // Members: one UserData each, 1..10 identifiers, every identifier exactly one hashed field.
  const inputs: MemberInput[] = [];
  for (const [i, raw] of members.entries()) {
    const ids = (raw as { userData?: { userIdentifiers?: unknown[] } })?.userData?.userIdentifiers;
    const at = `audience_members[${i}].user_data.user_identifiers`;
    if (!Array.isArray(ids) || !ids.length) {
      v.push({
        field: `audience_members[${i}].user_data`,
        description: "This audience member has no user identifiers.",
        reason: "INVALID_AUDIENCE_MEMBER",
      });
      continue;
    }
    if (ids.length > config.maxIdentifiersPerMember) {
      v.push({
        field: at,
        description: `Maximum number of user identifiers allowed per audience member is ${config.maxIdentifiersPerMember}.`,
        reason: "TOO_MANY_USER_IDENTIFIERS",
      });
      continue;
    }
    const m: MemberInput = {};
    for (const [j, id] of ids.entries()) {
      const keys = Object.keys((id as object) ?? {});
      if (keys.length !== 1 || !["emailAddress", "phoneNumber", "address"].includes(keys[0]!)) {
        v.push({
          field: `${at}[${j}]`,
          description: "A user identifier carries exactly one of email_address, phone_number or address.",
          reason: "INVALID_ARGUMENT",
        });
        continue;
      }
      if (keys[0] === "address") continue; // accepted, not matched by the sandbox
      const d = digest((id as Record<string, unknown>)[keys[0]!], req.encoding!);
      const field = `${at}[${j}].${keys[0] === "emailAddress" ? "email_address" : "phone_number"}`;
      if ("reason" in d) v.push({ field, description: d.description, reason: d.reason });
      else if (keys[0] === "emailAddress") m.email ??= d.hash;
      else m.phone ??= d.hash;
    }
    inputs.push(m);
  }
  if (v.length) return invalid(v);
  const consentGiven = !!(req.consent?.adUserData || req.consent?.adPersonalization);
  if (!consentGiven && config.missingConsent === "reject")
    return invalid([
      {
        field: "consent",
        description: "Consent for ad user data and ad personalization is required for Customer Match uploads.",
        reason: "REQUIRED_FIELD_MISSING",
      },
    ]);
  if (req.validateOnly) return json({});

  const requestId = crypto.randomUUID();
  await db.query(
    `INSERT INTO sandbox.dm_requests (id, operation, account_id, user_list_id, members, consent, finish_after)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, now() + make_interval(secs => $7))`,
    [
      requestId,
      op,
      destinations[0]!.operatingAccount!.accountId,
      destinations[0]!.productDestinationId,
      JSON.stringify(inputs),
      JSON.stringify(req.consent ?? {}),
      config.processingSeconds,
    ],
  );
  return json({ requestId });
}

type Result = {
  requestStatus: string;
  recordCount: number;
  identifierCount: number;
  errorCounts: { recordCount: string; reason: string }[];
  matched: number;
};

/** Processes every request whose time has come (once), applying its members to the list. */
export async function processDue(db: pg.Pool, config: DmEmulatorConfig): Promise<void> {
  const { rows } = await db.query<{
    id: string;
    operation: string;
    user_list_id: string;
    members: MemberInput[];
    consent: Record<string, string>;
  }>(
    `SELECT id, operation, user_list_id, members, consent FROM sandbox.dm_requests WHERE result IS NULL AND finish_after <= now() ORDER BY created_at FOR UPDATE SKIP LOCKED`,
  );
  for (const r of rows) {
    const identifierCount = r.members.reduce((n, m) => n + (m.email ? 1 : 0) + (m.phone ? 1 : 0), 0);
    const noConsent = !r.consent.adUserData && !r.consent.adPersonalization && config.missingConsent === "processing_error";
    // processing_errors.proto: DENIED_CONSENT "the ad user data is denied"; UNKNOWN_CONSENT "could not be determined".
    const allFail =
      config.requestFailureReason ??
      (r.operation === "ingest" && r.consent.adUserData === "CONSENT_DENIED" ? "PROCESSING_ERROR_REASON_DENIED_CONSENT" : null) ??
      (r.operation === "ingest" && noConsent ? "PROCESSING_ERROR_REASON_UNKNOWN_CONSENT" : null);
    let result: Result;
    if (allFail) {
      result = {
        requestStatus: "FAILED",
        recordCount: r.members.length,
        identifierCount,
        errorCounts: [{ recordCount: String(r.members.length), reason: allFail }],
        matched: 0,
      };
    } else {
      const rejected = new Set(config.rejectHashes);
      const good = r.members.filter((m) => !(m.email && rejected.has(m.email)) && !(m.phone && rejected.has(m.phone)));
      const bad = r.members.length - good.length;
      let matched = 0;
      if (r.operation === "ingest") matched = (await addMembers(db, DM_PLATFORM, r.user_list_id, good, config.matchRate)).matched;
      else await removeMembers(db, DM_PLATFORM, r.user_list_id, good);
      result = {
        requestStatus: bad === 0 ? "SUCCESS" : good.length ? "PARTIAL_SUCCESS" : "FAILED",
        recordCount: r.members.length,
        identifierCount,
        errorCounts: bad ? [{ recordCount: String(bad), reason: config.rejectedHashReason }] : [],
        matched,
      };
    }
    await db.query(`UPDATE sandbox.dm_requests SET result = $2::jsonb WHERE id = $1`, [r.id, JSON.stringify(result)]);
  }
}

/** MatchRateRange enum (match_rate.proto) for a share 0..1. */
function matchRange(share: number): string {
  const p = share * 100;
  if (p < 20) return "MATCH_RATE_RANGE_LESS_THAN_20";
  const bands: [number, string][] = [
    [31, "20_TO_30"],
    [41, "31_TO_40"],
    [51, "41_TO_50"],
    [61, "51_TO_60"],
    [71, "61_TO_70"],
    [81, "71_TO_80"],
    [91, "81_TO_90"],
  ];
  return `MATCH_RATE_RANGE_${bands.find(([max]) => p < max)?.[1] ?? "91_TO_100"}`;
}

export async function retrieveStatus(db: pg.Pool, requestId: string | null, config: DmEmulatorConfig): Promise<Response> {
  const bad = () =>
    invalid([
      {
        field: "request_id",
        description: "The request ID is not valid. Status can only be retrieved for requests that succeeded and were not validate_only.",
        reason: "INVALID_REQUEST_ID",
      },
    ]);
  if (!requestId) return bad();
  await processDue(db, config);
  const { rows } = await db.query<{
    operation: string;
    account_id: string;
    user_list_id: string;
    members: unknown[];
    result: Result | null;
  }>(`SELECT operation, account_id, user_list_id, members, result FROM sandbox.dm_requests WHERE id = $1`, [requestId]);
  const r = rows[0];
  if (!r) return bad();
  const destination = {
    operatingAccount: { accountType: config.accounts[r.account_id] ?? "GOOGLE_ADS", accountId: r.account_id },
    productDestinationId: r.user_list_id,
  };
  const res = r.result;
  const counts = { recordCount: String(r.members.length), userIdentifierCount: String(res?.identifierCount ?? 0) };
  const status =
    r.operation === "ingest"
      ? {
          audienceMembersIngestionStatus: {
            userDataIngestionStatus: {
              ...counts,
              ...(res ? { uploadMatchRateRange: matchRange(res.recordCount ? res.matched / res.recordCount : 0) } : {}),
            },
          },
        }
      : { audienceMembersRemovalStatus: { userDataRemovalStatus: counts } };
  return json({
    requestStatusPerDestination: [
      {
        destination,
        requestStatus: res?.requestStatus ?? "PROCESSING",
        ...(res?.errorCounts.length ? { errorInfo: { errorCounts: res.errorCounts } } : {}),
        ...status,
      },
    ],
  });
}
