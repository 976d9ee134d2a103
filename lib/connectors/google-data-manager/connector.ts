import { connectionFailure } from "@/lib/connectors/connection-test";
import type { AudienceRef, Connector } from "@/lib/connectors/contract";
import { ConnectorError, isConnectorError } from "@/lib/connectors/errors";
import { fieldList } from "@/lib/connectors/field-label";
import { sha256Hex } from "@/lib/crypto";
import { accountPath, dm, dmRaw, operatingAccount, userListHeaders } from "@/lib/connectors/google-data-manager/client";
import { dataManagerError } from "@/lib/connectors/google-data-manager/errors";
import {
  googleCustomerMatchCredentialsSchema,
  googleCustomerMatchSettingsSchema,
  type DataManagerCtx,
  type GoogleCustomerMatchCredentials,
  type GoogleCustomerMatchSettings,
} from "@/lib/connectors/google-data-manager/settings";
import { requestBody, requestStatusReport, sendMembers } from "@/lib/connectors/google-data-manager/upload";
import { buildMembers, DATA_MANAGER_MAX_MEMBERS, listUserListsSchema, userListSchema } from "@/lib/connectors/google-data-manager/wire";

// Google Customer Match over the Data Manager API: user lists through UserListService
// (accountTypes/{type}/accounts/{id}/userLists, user_list_service.proto), members through
// audienceMembers:ingest / :remove, request status by request id. No jobs to manage.

/** AIP-160 filter string literal: double-quoted, backslash and quote escaped. */
const filterString = (value: string) => `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
const idOf = (name: string) => name.split("/").pop()!;
const listsPath = (ctx: DataManagerCtx) => `${accountPath(operatingAccount(ctx))}/userLists`;

async function findByName(ctx: DataManagerCtx, name: string) {
  const body = await dm(ctx, listUserListsSchema, "the user lists", {
    method: "GET",
    path: listsPath(ctx),
    query: { filter: `display_name = ${filterString(name)}`, pageSize: "1" },
    headers: userListHeaders(ctx),
  });
  return body.userLists[0];
}

const getList = (ctx: DataManagerCtx, id: string) =>
  dm(ctx, userListSchema, "the user list", {
    method: "GET",
    path: `${listsPath(ctx)}/${encodeURIComponent(id)}`,
    headers: userListHeaders(ctx),
  });

/** A reserved address no one owns (RFC 2606 .invalid): validateOnly never stores it anyway. */
const PROBE_HASH = sha256Hex("connection-test@downstream.invalid");

export const googleDataManagerConnector: Connector<GoogleCustomerMatchSettings, GoogleCustomerMatchCredentials> = {
  kind: "google_ads",
  label: "Google Customer Match (Data Manager API)",
  settingsSchema: googleCustomerMatchSettingsSchema,
  credentialsSchema: googleCustomerMatchCredentialsSchema,
  addressSettings: ["dataManagerBaseUrl", "oauthTokenUrl", "apiBaseUrl"],
  maxBatchSize: DATA_MANAGER_MAX_MEMBERS,
  supportedIdentifiers: ["email", "phone"],
  // "up to 24 hours" for a request to finish processing (diagnostics guide).
  visibilityDelayHours: 24,
  minimumAudienceSize: 100,

  async testConnection(ctx) {
    try {
      const lists = await dm(ctx, listUserListsSchema, "the user lists", {
        method: "GET",
        path: listsPath(ctx),
        query: { pageSize: "1" },
        headers: userListHeaders(ctx),
      });
      const account = `${ctx.settings.operatingAccountType} account ${ctx.settings.customerId}`;
      const list = lists.userLists[0];
      if (!list) return { ok: true, detail: `Connected to ${account} through the Data Manager API (no Customer Match lists yet).` };
      // validateOnly: Google checks consent, terms and the destination as for a real upload, and stores nothing.
      const res = await dmRaw(ctx, {
        method: "POST",
        path: "audienceMembers:ingest",
        json: requestBody(ctx, idOf(list.name), [{ userData: { userIdentifiers: [{ emailAddress: PROBE_HASH }] } }], true),
      });
      if (!res.ok) throw dataManagerError(res);
      return { ok: true, detail: `Connected to ${account} through the Data Manager API; a validate-only upload was accepted.` };
    } catch (e) {
      return connectionFailure(
        e,
        `Check the ${fieldList(googleCustomerMatchSettingsSchema, ["customerId", "operatingAccountType", "loginCustomerId"])}, and the ${fieldList(googleCustomerMatchCredentialsSchema, ["clientId", "clientSecret", "refreshToken"])}.`,
      );
    }
  },

  async ensureAudience(ctx, audience): Promise<AudienceRef> {
    if (audience.existingId) {
      // An id that is not a list of this account is Google's error to tell, not a reason to make another list.
      const list = await getList(ctx, audience.existingId);
      return { id: idOf(list.name), name: list.displayName ?? audience.name, created: false };
    }
    const found = await findByName(ctx, audience.name);
    if (found) return { id: idOf(found.name), name: audience.name, created: false };
    const days = ctx.settings.membershipLifeSpanDays;
    try {
      const created = await dm(ctx, userListSchema, "the new user list", {
        method: "POST",
        path: listsPath(ctx),
        headers: userListHeaders(ctx),
        json: {
          displayName: audience.name,
          ...(audience.description ? { description: audience.description } : {}),
          // "exact multiples of 24 hours"; 10000 (the Ads API's "unlimited") leaves Google's default.
          ...(days !== 10000 ? { membershipDuration: `${days * 86_400}s` } : {}),
          ingestedUserListInfo: { uploadKeyTypes: ["CONTACT_ID"], contactIdInfo: { dataSourceType: "DATA_SOURCE_TYPE_FIRST_PARTY" } },
        },
      });
      return { id: idOf(created.name), name: audience.name, created: true };
    } catch (e) {
      // A concurrent creator won the race: use its list.
      if (isConnectorError(e) && e.details.status === 409) {
        const raced = await findByName(ctx, audience.name);
        if (raced) return { id: idOf(raced.name), name: audience.name, created: false };
      }
      throw e;
    }
  },

  addMembers: (ctx, audienceId, items) => sendMembers(ctx, audienceId, items, "ingest"),
  removeMembers: (ctx, audienceId, items) => sendMembers(ctx, audienceId, items, "remove"),
  requestStatus: (ctx, requestIds) => requestStatusReport(ctx, requestIds),

  async validateMembers(ctx, audienceId, items) {
    const built = buildMembers(items).members.slice(0, DATA_MANAGER_MAX_MEMBERS);
    if (!built.length) return { ok: true, detail: "Nobody in the sample has an email or phone to check." };
    const res = await dmRaw(ctx, { method: "POST", path: "audienceMembers:ingest", json: requestBody(ctx, audienceId, built, true) });
    if (res.ok)
      return { ok: true, detail: `Google checked ${built.length.toLocaleString("en-US")} people (validate only) and accepted the upload.` };
    const e = dataManagerError(res);
    if (e.kind === "retryable") throw e;
    return { ok: false, message: e.message, ...(e.details.hint ? { hint: e.details.hint } : {}) };
  },

  async getAudienceStats(ctx, audienceId) {
    try {
      const list = await getList(ctx, audienceId);
      const rate = list.ingestedUserListInfo?.contactIdInfo?.matchRatePercentage;
      return {
        size: list.sizeInfo?.searchNetworkMembersCount ?? null,
        matchRate: rate === undefined ? null : rate / 100,
        status: list.membershipStatus ?? "OPEN",
        raw: list,
      };
    } catch (e) {
      if (isConnectorError(e) && e.details.status === 404) return { size: null, matchRate: null, status: "not found", raw: null };
      throw e;
    }
  },
};

/** For the dispatcher: the Ads API path named in Data Manager words when it lacks its token. */
export const missingDeveloperToken = () =>
  new ConnectorError("auth", "Google Ads API: this destination uses the Google Ads API path, which needs a Developer token.", {
    authReason: "credentials",
    hint: "Enter the Developer token of the allowlisted manager account, or switch Google API to data_manager (no token needed).",
  });
