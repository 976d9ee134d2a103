import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import type { Connector, DestinationKind } from "@/lib/connectors/contract";
import { kindSpec } from "@/lib/destinations/destination-form";
import { connectorFor } from "@/lib/connectors/registry";
import { SANDBOX_CREDENTIALS } from "@/lib/sandbox/sandbox-credentials";
import { egressFetch } from "@/lib/egress/egress-fetch";

// Every connection message names a field as the form labels it (issue 9 #6: a webhook said
// "Check the API base URL" while its form says "Endpoint URL").

async function closedPort(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await new Promise<void>((r) => server.close(() => r()));
  return url;
}

const SETUPS: Record<
  Exclude<DestinationKind, "warehouse">,
  (base: string) => { settings: Record<string, unknown>; credentials: Record<string, unknown> }
> = {
  webhook: (b) => ({ settings: { url: `${b}/hook` }, credentials: { signingSecret: "a-signing-secret-0123" } }),
  meta: (b) => ({ settings: { adAccountId: "1", apiBaseUrl: `${b}/v24.0` }, credentials: SANDBOX_CREDENTIALS.meta }),
  google_ads: (b) => ({
    settings: { customerId: "1234567890", apiBaseUrl: `${b}/v26`, oauthTokenUrl: `${b}/token` },
    credentials: SANDBOX_CREDENTIALS.google_ads,
  }),
  tiktok: (b) => ({ settings: { advertiserId: "1", apiBaseUrl: `${b}/open_api/v1.3` }, credentials: SANDBOX_CREDENTIALS.tiktok }),
};

describe("connection messages name the form's fields", () => {
  it.each(Object.keys(SETUPS) as (keyof typeof SETUPS)[])("%s: an unreachable address names its own address field", async (kind) => {
    const connector = connectorFor(kind) as Connector<unknown, unknown>;
    const { settings, credentials } = SETUPS[kind](await closedPort());
    const result = await connector.testConnection({
      settings: connector.settingsSchema.parse(settings),
      credentials: connector.credentialsSchema.parse(credentials),
      fetch: egressFetch,
    });
    expect(result.ok).toBe(false);
    const hint = result.ok ? "" : result.hint;
    const labels = kindSpec(kind)
      .settings.filter((f) => connector.addressSettings.includes(f.name))
      .map((f) => f.label);
    expect(
      labels.some((l) => hint.includes(l)),
      `${hint} should name one of ${labels.join(", ")}`,
    ).toBe(true);
    // …and no field this form does not have.
    for (const other of ["API base URL", "Endpoint URL", "OAuth token URL"].filter(
      (l) => !kindSpec(kind).settings.some((f) => f.label === l),
    ))
      expect(hint).not.toContain(other);
  });
});
