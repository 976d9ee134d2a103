import type { AudienceItem, BatchResult, ItemResult, RequestStatusReport } from "@/lib/connectors/contract";
import { sleep } from "@/lib/connectors/http";
import { inOrder } from "@/lib/connectors/identifiers";
import { dm, dmRaw, loginAccount, operatingAccount } from "@/lib/connectors/google-data-manager/client";
import { dataManagerError, parseStatus, violationsOf } from "@/lib/connectors/google-data-manager/errors";
import type { DataManagerCtx } from "@/lib/connectors/google-data-manager/settings";
import {
  buildMembers,
  DATA_MANAGER_MAX_MEMBERS,
  ingestResponseSchema,
  requestStatusResponseSchema,
  type AudienceMember,
  type DestinationStatus,
} from "@/lib/connectors/google-data-manager/wire";

// audienceMembers:ingest / :remove, then requestStatus:retrieve by request id. The API fails
// fast: one record that fails validation fails the whole request and nothing is processed
// (understand-errors guide), with BadRequest field violations naming the record
// ("audience_members[3]…"). Those people are reported invalid with Google's words and the rest
// are sent again, so one bad hash never holds a batch back. Processing is asynchronous ("up to
// 24 hours", diagnostics guide): the call polls the request status for a while and reports what
// Google said by then; FAILED marks every accepted person failed with Google's reason.

const DONE = new Set(["SUCCESS", "FAILED", "PARTIAL_SUCCESS"]);

export function requestBody(ctx: DataManagerCtx, audienceId: string, members: AudienceMember[], validateOnly = false) {
  const { settings } = ctx;
  const login = loginAccount(ctx);
  const consent = {
    ...(settings.adUserDataConsent !== "UNSPECIFIED" ? { adUserData: `CONSENT_${settings.adUserDataConsent}` } : {}),
    ...(settings.adPersonalizationConsent !== "UNSPECIFIED" ? { adPersonalization: `CONSENT_${settings.adPersonalizationConsent}` } : {}),
  };
  return {
    destinations: [
      { operatingAccount: operatingAccount(ctx), ...(login ? { loginAccount: login } : {}), productDestinationId: audienceId },
    ],
    audienceMembers: members,
    ...(Object.keys(consent).length ? { consent } : {}),
    encoding: "HEX",
    ...(settings.acceptCustomerMatchTerms ? { termsOfService: { customerMatchTermsOfServiceStatus: "ACCEPTED" } } : {}),
    ...(validateOnly ? { validateOnly: true } : {}),
  };
}

export async function sendMembers(
  ctx: DataManagerCtx,
  audienceId: string,
  items: AudienceItem[],
  op: "ingest" | "remove",
): Promise<BatchResult> {
  const built = buildMembers(items);
  const results = new Map<string, ItemResult>(built.invalid.map((r) => [r.key, r]));
  const requests: { requestId: string; members: number; keys: string[] }[] = [];
  for (let offset = 0; offset < built.members.length; offset += DATA_MANAGER_MAX_MEMBERS) {
    let members = built.members.slice(offset, offset + DATA_MANAGER_MAX_MEMBERS);
    let keys = built.keys.slice(offset, offset + DATA_MANAGER_MAX_MEMBERS);
    while (members.length) {
      const res = await dmRaw(ctx, { method: "POST", path: `audienceMembers:${op}`, json: requestBody(ctx, audienceId, members) });
      if (res.ok) {
        requests.push({ requestId: ingestResponseSchema.parse(res.body).requestId, members: members.length, keys });
        break;
      }
      // Which members Google refused, by index; anything else is the whole request's problem.
      const status = parseStatus(res);
      const named =
        status && res.status === 400
          ? violationsOf(status).filter((v) => v.memberIndex !== undefined && v.memberIndex < members.length)
          : [];
      if (!named.length) throw dataManagerError(res);
      const bad = new Set<number>();
      for (const v of named) {
        const key = keys[v.memberIndex!]!;
        bad.add(v.memberIndex!);
        const previous = results.get(key);
        const message = [previous?.message, v.description].filter(Boolean).join("; ");
        results.set(key, { key, status: "invalid", code: previous?.code ?? v.reason ?? "google_invalid", message });
      }
      members = members.filter((_, i) => !bad.has(i));
      keys = keys.filter((_, i) => !bad.has(i));
    }
  }
  const stats: Record<string, number | string | null> = {
    api: "data_manager",
    members_sent: requests.reduce((n, r) => n + r.members, 0),
    rejected_members: [...results.values()].filter((r) => r.code !== "no_identifier").length,
  };
  if (!requests.length) return { items: inOrder(items, results), stats };

  const statuses = await Promise.all(requests.map((r) => poll(ctx, r.requestId)));
  const failed: Record<string, number> = {};
  let failedRecords = 0;
  statuses.forEach((s, i) => {
    for (const c of s?.errorInfo?.errorCounts ?? []) {
      failed[c.reason] = (failed[c.reason] ?? 0) + c.recordCount;
      failedRecords += c.recordCount;
    }
    if (s?.requestStatus === "FAILED") {
      const reason = s.errorInfo?.errorCounts[0]?.reason ?? "REQUEST_FAILED";
      for (const key of requests[i]!.keys) {
        results.set(key, {
          key,
          status: "failed",
          code: reason,
          message: `Google could not process request ${requests[i]!.requestId}: ${reason}`,
        });
      }
    }
  });
  const overall = combined(statuses.map((s) => s?.requestStatus ?? "PROCESSING"));
  const match = statuses.map((s) => s?.audienceMembersIngestionStatus?.userDataIngestionStatus?.uploadMatchRateRange).find(Boolean);
  Object.assign(stats, {
    request_ids: requests.map((r) => r.requestId).join(","),
    request_status: overall,
    failed_records: failedRecords,
    ...(failedRecords
      ? {
          failed_reasons: Object.entries(failed)
            .map(([r, n]) => `${r}: ${n}`)
            .join("; "),
        }
      : {}),
    ...(match ? { match_rate_range: match } : {}),
  });
  // Shown on the run page: what was asked, and what Google said about it.
  const request = {
    request_id: stats.request_ids,
    operation: op === "ingest" ? "audienceMembers:ingest" : "audienceMembers:remove",
    members: stats.members_sent,
  };
  const response = {
    request_status: overall,
    failed_records: failedRecords,
    ...(failedRecords ? { failed_reasons: stats.failed_reasons } : {}),
    ...(match ? { match_rate_range: match } : {}),
  };
  return { items: inOrder(items, results), request, response, stats };
}

/** PROCESSING while any request is; FAILED only when every one failed; PARTIAL_SUCCESS when mixed. */
function combined(all: string[]): string {
  if (all.some((s) => !DONE.has(s))) return "PROCESSING";
  if (all.every((s) => s === "SUCCESS")) return "SUCCESS";
  if (all.every((s) => s === "FAILED")) return "FAILED";
  return "PARTIAL_SUCCESS";
}

/** One requestStatus:retrieve call. One destination per request: ours. */
async function retrieve(ctx: DataManagerCtx, requestId: string): Promise<DestinationStatus | undefined> {
  const body = await dm(ctx, requestStatusResponseSchema, "the request status", {
    method: "GET",
    path: "requestStatus:retrieve",
    query: { requestId },
  });
  return body.requestStatusPerDestination[0];
}

async function poll(ctx: DataManagerCtx, requestId: string): Promise<DestinationStatus | undefined> {
  const deadline = Date.now() + ctx.settings.requestStatusPollTimeoutMs;
  for (;;) {
    const status = await retrieve(ctx, requestId);
    if ((status && DONE.has(status.requestStatus)) || Date.now() + ctx.settings.requestStatusPollIntervalMs > deadline) return status;
    await sleep(ctx.settings.requestStatusPollIntervalMs, ctx.signal);
  }
}

/**
 * Where earlier requests stand now, for the follow-up after a run that ended with Google still
 * PROCESSING (lib/sync/recheck-requests.ts): one retrieve per request, no waiting, combined as
 * during the run.
 */
export async function requestStatusReport(ctx: DataManagerCtx, requestIds: string[]): Promise<RequestStatusReport> {
  const statuses = await Promise.all(requestIds.map((id) => retrieve(ctx, id)));
  const failedReasons: Record<string, number> = {};
  let failedRecords = 0;
  for (const s of statuses) {
    for (const c of s?.errorInfo?.errorCounts ?? []) {
      failedReasons[c.reason] = (failedReasons[c.reason] ?? 0) + c.recordCount;
      failedRecords += c.recordCount;
    }
  }
  const match = statuses.map((s) => s?.audienceMembersIngestionStatus?.userDataIngestionStatus?.uploadMatchRateRange).find(Boolean);
  const status = combined(statuses.map((s) => s?.requestStatus ?? "PROCESSING")) as RequestStatusReport["status"];
  return { status, failedRecords, failedReasons, ...(match ? { matchRateRange: match } : {}) };
}
