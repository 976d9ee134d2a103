import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { verifyCioSignature } from "@/lib/ingest/webhook/verify-signature";
import { signingSecretSchema } from "@/lib/streams/stream-schemas";
import { generateSigningSecret, signatureHeaders, signCustomerIo, signStandard, verifyStandard } from "./signing";

// The spec's published vector, from standard-webhooks/standard-webhooks
// libraries/javascript/src/webhook.test.ts ("sign function works").
const VECTOR = {
  secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
};
const AT_VECTOR = { now: VECTOR.timestamp * 1000 };

describe("Standard Webhooks signing", () => {
  it("reproduces the spec's test vector", () => {
    expect(signStandard([VECTOR.secret], VECTOR.id, VECTOR.timestamp, VECTOR.body)).toBe(VECTOR.signature);
    const headers = { id: VECTOR.id, timestamp: String(VECTOR.timestamp), signature: VECTOR.signature };
    expect(verifyStandard([VECTOR.secret], headers, VECTOR.body, AT_VECTOR)).toEqual({ ok: true });
  });

  it("generates secrets a stream accepts and that sign", () => {
    const a = generateSigningSecret();
    expect(signingSecretSchema.safeParse(a).success).toBe(true);
    expect(Buffer.from(a.slice("whsec_".length), "base64")).toHaveLength(32);
    expect(generateSigningSecret()).not.toBe(a);
  });

  it("during a rotation sends one signature per secret, and either secret alone verifies", () => {
    const [current, previous] = [generateSigningSecret(), generateSigningSecret()];
    const ts = 1_800_000_000;
    const header = signStandard([current, previous], "msg_1", ts, "{}");
    expect(header.split(" ")).toHaveLength(2);
    for (const secret of [current, previous]) {
      expect(verifyStandard([secret], { id: "msg_1", timestamp: ts, signature: header }, "{}", { now: ts * 1000 })).toEqual({ ok: true });
    }
    const other = generateSigningSecret();
    expect(verifyStandard([other], { id: "msg_1", timestamp: ts, signature: header }, "{}", { now: ts * 1000 }).ok).toBe(false);
  });

  it("refuses a tampered body, id or timestamp", () => {
    const h = { id: VECTOR.id, timestamp: String(VECTOR.timestamp), signature: VECTOR.signature };
    expect(verifyStandard([VECTOR.secret], h, VECTOR.body + " ", AT_VECTOR)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/No signature matches/),
    });
    expect(verifyStandard([VECTOR.secret], { ...h, id: "msg_other" }, VECTOR.body, AT_VECTOR).ok).toBe(false);
    expect(verifyStandard([VECTOR.secret], { ...h, timestamp: String(VECTOR.timestamp + 1) }, VECTOR.body, AT_VECTOR).ok).toBe(false);
    // A truncated signature or an unversioned one is no signature.
    expect(verifyStandard([VECTOR.secret], { ...h, signature: VECTOR.signature.slice(0, 10) }, VECTOR.body, AT_VECTOR).ok).toBe(false);
    expect(
      verifyStandard([VECTOR.secret], { ...h, signature: VECTOR.signature.replace("v1,", "v2,") }, VECTOR.body, AT_VECTOR),
    ).toMatchObject({
      reason: expect.stringMatching(/no v1 signature/),
    });
  });

  it("refuses a stale or future timestamp even when the signature matches, and missing headers", () => {
    const h = { id: VECTOR.id, timestamp: String(VECTOR.timestamp), signature: VECTOR.signature };
    const stale = verifyStandard([VECTOR.secret], h, VECTOR.body, { now: (VECTOR.timestamp + 301) * 1000 });
    expect(stale).toMatchObject({ ok: false, reason: expect.stringMatching(/old/) });
    const future = verifyStandard([VECTOR.secret], h, VECTOR.body, { now: (VECTOR.timestamp - 301) * 1000 });
    expect(future).toMatchObject({ ok: false, reason: expect.stringMatching(/future/) });
    expect(verifyStandard([VECTOR.secret], h, VECTOR.body, { now: (VECTOR.timestamp + 300) * 1000 }).ok).toBe(true);
    expect(verifyStandard([VECTOR.secret], h, VECTOR.body, { now: (VECTOR.timestamp + 3000) * 1000, toleranceSeconds: 3600 }).ok).toBe(
      true,
    );
    expect(verifyStandard([VECTOR.secret], { ...h, signature: null }, VECTOR.body, AT_VECTOR).ok).toBe(false);
    expect(verifyStandard([VECTOR.secret], { ...h, timestamp: "soon" }, VECTOR.body, AT_VECTOR).ok).toBe(false);
  });

  it("is accepted by the spec's own receiver library (standardwebhooks on npm), with one or two secrets", () => {
    const [current, previous] = [generateSigningSecret(), generateSigningSecret()];
    const body = JSON.stringify({
      type: "event_stream.batch",
      stream: { id: "str_1", name: "Opens" },
      events: [{ id: "evt_1", name: "email_opened" }],
    });
    const ts = Math.floor(Date.now() / 1000);
    const headers = signatureHeaders("standard", [current, previous], "msg_abc", ts, body);
    expect(Object.keys(headers).sort()).toEqual(["webhook-id", "webhook-signature", "webhook-timestamp"]);
    // A receiver that has only the old secret, and one that already has the new one.
    expect(new Webhook(previous).verify(body, headers)).toEqual(JSON.parse(body));
    expect(new Webhook(current).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(generateSigningSecret()).verify(body, headers)).toThrow();
    expect(() => new Webhook(current).verify(body.replace("evt_1", "evt_2"), headers)).toThrow();
  });
});

describe("Customer.io signature mode", () => {
  it("signs as Customer.io's reporting webhooks do, keyed by the secret string itself", () => {
    const secret = generateSigningSecret();
    const body = '{"events":[]}';
    const ts = Math.floor(Date.now() / 1000);
    const headers = signatureHeaders("customerio", [secret, generateSigningSecret()], "msg_cio", ts, body);
    expect(headers).toEqual({
      "webhook-id": "msg_cio",
      "x-cio-timestamp": String(ts),
      "x-cio-signature": signCustomerIo(secret, ts, body),
    });
    expect(headers["x-cio-signature"]).toMatch(/^[0-9a-f]{64}$/);
    // Our own inbound Customer.io verifier (what a Customer.io-style receiver does) accepts it.
    const check = (b: string) =>
      verifyCioSignature({
        signingKey: secret,
        timestamp: headers["x-cio-timestamp"],
        signature: headers["x-cio-signature"],
        rawBody: Buffer.from(b),
      });
    expect(check(body)).toEqual({ ok: true });
    expect(check(body + " ").ok).toBe(false);
  });
});
