import { describe, expect, it } from "vitest";
import { sealStreamCredentials } from "@/lib/streams/stream-credentials";
import { streamSelectorSchema } from "@/lib/streams/stream-schemas";
import { describeSelector, streamView } from "@/lib/streams/stream-view";

const sel = (s: unknown) => streamSelectorSchema.parse(s);

describe("a stream as the console and the API show it", () => {
  it("says what it forwards in words", () => {
    expect(describeSelector(sel({ metrics: ["opened", "clicked"], channels: ["email", "sms"] }))).toBe("Email and SMS opened and clicked");
    expect(describeSelector(sel({ metrics: ["bounced"] }))).toBe("Every channel's bounced");
    expect(
      describeSelector(
        sel({
          names: ["order_completed"],
          patterns: ["checkout_*"],
          filters: [
            { property: "plan", op: "in", value: ["pro", "team"] },
            { property: "coupon", op: "exists" },
          ],
        }),
      ),
    ).toBe("order_completed; checkout_*, where plan is one of pro, team and coupon is set");
  });

  it("never carries a secret: previews of signing secrets, which others are set, and a warehouse without its password", () => {
    const secret = `whsec_${"A".repeat(40)}wxyz`;
    const base = {
      id: "s1",
      name: "S",
      description: null,
      selector: { metrics: ["opened"] },
      startXid: 1n,
      createdAt: new Date(),
      updatedAt: new Date(),
    };
    const hook = streamView({
      ...base,
      destinationKind: "webhook",
      settings: { url: "https://hooks.example.com/in" },
      credentialsEnc: sealStreamCredentials({
        signingSecrets: [{ secret, createdAt: "2026-12-01T00:00:00Z", expiresAt: null }],
        authorization: "Bearer t0ken",
      }),
    });
    expect(hook.signingSecrets).toEqual([{ createdAt: "2026-12-01T00:00:00Z", expiresAt: null, preview: "whsec_…wxyz" }]);
    expect(hook.destination).toMatchObject({ label: "hooks.example.com", credentialsSet: ["signingSecrets", "authorization"] });
    expect(JSON.stringify(hook)).not.toMatch(/AAAA|t0ken/);
    const wh = streamView({
      ...base,
      destinationKind: "warehouse",
      settings: { schema: "analytics", table: "events" },
      credentialsEnc: sealStreamCredentials({ connectionString: "postgres://bi:s3cret@db.internal:5432/warehouse" }),
    });
    expect(wh.destination.label).toBe("analytics.events in db.internal:5432/warehouse");
    expect(JSON.stringify(wh)).not.toContain("s3cret");
  });
});
