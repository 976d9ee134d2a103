import { connectionFailure } from "@/lib/connectors/connection-test";
import type { Connector } from "@/lib/connectors/contract";
import { isConnectorError } from "@/lib/connectors/errors";
import { fieldList } from "@/lib/connectors/field-label";
import { ads, search, userListResource } from "@/lib/connectors/google-ads/client";
import { gaqlString } from "@/lib/connectors/google-ads/hashing";
import { uploadViaJob } from "@/lib/connectors/google-ads/jobs";
import {
  googleCredentialsSchema,
  googleSettingsSchema,
  type GoogleCredentials,
  type GoogleCtx,
  type GoogleSettings,
} from "@/lib/connectors/google-ads/settings";
import { customerRowSchema, GOOGLE_MAX_OPERATIONS, mutateResponseSchema, userListRowSchema } from "@/lib/connectors/google-ads/wire";

// Google Ads Customer Match (CONTACT_INFO user lists) over the REST API. Wire format: reference §2.

export { googleCredentialsSchema, googleSettingsSchema, type GoogleCredentials, type GoogleSettings };

const idOf = (resourceName: string) => resourceName.split("/").pop()!;
const dashed = (cid: string) => `${cid.slice(0, 3)}-${cid.slice(3, 6)}-${cid.slice(6)}`;

async function findList(ctx: GoogleCtx, where: string) {
  const [row] = await search(
    ctx,
    userListRowSchema,
    `SELECT user_list.resource_name, user_list.id, user_list.name FROM user_list WHERE ${where}`,
  );
  return row?.userList;
}

export const googleAdsConnector: Connector<GoogleSettings, GoogleCredentials> = {
  kind: "google_ads",
  label: "Google Ads Customer Match",
  settingsSchema: googleSettingsSchema,
  credentialsSchema: googleCredentialsSchema,
  addressSettings: ["apiBaseUrl", "oauthTokenUrl"],
  maxBatchSize: GOOGLE_MAX_OPERATIONS,
  // CONTACT_INFO lists take email and phone; a CRM_ID list would be needed for external ids,
  // and one list cannot mix upload key types (INCOMPATIBLE_UPLOAD_KEY_TYPE).
  supportedIdentifiers: ["email", "phone"],
  visibilityDelayHours: 12, // "6–12 h" to populate; jobs "can take 6+ hours" (§2.1)
  minimumAudienceSize: 100,

  async testConnection(ctx) {
    try {
      const [row] = await search(
        ctx,
        customerRowSchema,
        "SELECT customer.id, customer.descriptive_name, customer.conversion_tracking_setting.accepted_customer_data_terms FROM customer",
      );
      const name = row?.customer.descriptiveName ?? dashed(ctx.settings.customerId);
      // The same terms gate Customer Match uploads (CUSTOMER_NOT_ACCEPTED_CUSTOMER_DATA_TERMS) [belief].
      if (row?.customer.conversionTrackingSetting?.acceptedCustomerDataTerms === false) {
        return {
          ok: false,
          kind: "terms",
          message: `Google Ads: customer ${dashed(ctx.settings.customerId)} has not accepted the customer data terms.`,
          hint: "Accept them in Google Ads (Tools → Conversions → Settings → Customer data terms), then test again.",
        };
      }
      return { ok: true, detail: `Connected to ${name} (${dashed(ctx.settings.customerId)}).` };
    } catch (e) {
      return connectionFailure(
        e,
        `Check the ${fieldList(googleSettingsSchema, ["customerId", "loginCustomerId"])}, and the ${fieldList(googleCredentialsSchema, ["developerToken", "clientId", "clientSecret"])}.`,
      );
    }
  },

  async ensureAudience(ctx, audience) {
    if (audience.existingId) {
      const known = await findList(ctx, `user_list.resource_name = ${gaqlString(userListResource(ctx, audience.existingId))}`);
      if (known) return { id: idOf(known.resourceName), name: known.name ?? audience.name, created: false };
    }
    const byName = async () => findList(ctx, `user_list.name = ${gaqlString(audience.name)}`);
    const found = await byName();
    if (found) return { id: idOf(found.resourceName), name: audience.name, created: false };
    try {
      const body = await ads(ctx, mutateResponseSchema, "the new user list", {
        path: `customers/${ctx.settings.customerId}/userLists:mutate`,
        json: {
          operations: [
            {
              create: {
                name: audience.name,
                ...(audience.description ? { description: audience.description } : {}),
                membershipLifeSpan: String(ctx.settings.membershipLifeSpanDays),
                crmBasedUserList: { uploadKeyType: "CONTACT_INFO", dataSourceType: "FIRST_PARTY" },
              },
            },
          ],
        },
      });
      return { id: idOf(body.results[0]!.resourceName), name: audience.name, created: true };
    } catch (e) {
      // Google enforces unique list names: a concurrent creator won the race, use its list.
      if (isConnectorError(e) && e.details.platformCode === "NAME_ALREADY_USED") {
        const raced = await byName();
        if (raced) return { id: idOf(raced.resourceName), name: audience.name, created: false };
      }
      throw e;
    }
  },

  addMembers: (ctx, audienceId, items) => uploadViaJob(ctx, audienceId, items, "create"),
  removeMembers: (ctx, audienceId, items) => uploadViaJob(ctx, audienceId, items, "remove"),

  async getAudienceStats(ctx, audienceId) {
    const [row] = await search(
      ctx,
      userListRowSchema,
      "SELECT user_list.resource_name, user_list.size_for_display, user_list.size_for_search, user_list.match_rate_percentage, " +
        `user_list.membership_status FROM user_list WHERE user_list.resource_name = ${gaqlString(userListResource(ctx, audienceId))}`,
    );
    const list = row?.userList;
    return {
      size: list?.sizeForSearch ?? null,
      matchRate: list?.matchRatePercentage === undefined ? null : list.matchRatePercentage / 100,
      status: list ? (list.membershipStatus ?? "OPEN") : "not found",
      raw: list ?? null,
    };
  },
};
