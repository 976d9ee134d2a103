import { afterEach, describe, expect, it } from "vitest";
import { GET, POST } from "./route";

// The emulators are mounted only in demo mode, under /api/sandbox/<platform>/….

const params = (platform: string, ...path: string[]) => ({ params: Promise.resolve({ platform, path }) });
const original = process.env.DEMO_MODE;
afterEach(() => {
  process.env.DEMO_MODE = original;
});

describe("/api/sandbox/[platform]/[...path]", () => {
  it("is a JSON 404 outside demo mode", async () => {
    delete process.env.DEMO_MODE;
    const res = await GET(new Request("http://app.test/api/sandbox/meta/v24.0/act_1"), params("meta", "v24.0", "act_1"));
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: "not_found" } });
  });

  it("serves each emulator under its mount path in demo mode", async () => {
    process.env.DEMO_MODE = "1";
    const meta = await GET(new Request("http://app.test/api/sandbox/meta/v24.0/act_42?fields=name", { headers: { authorization: "Bearer t" } }), params("meta", "v24.0", "act_42"));
    expect(await meta.json()).toEqual({ id: "act_42", name: "Sandbox ad account 42" });
    const google = await POST(
      new Request("http://app.test/api/sandbox/google-ads/oauth2/v4/token", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "grant_type=refresh_token&refresh_token=r&client_id=c&client_secret=s" }),
      params("google-ads", "oauth2", "v4", "token"),
    );
    expect(await google.json()).toMatchObject({ token_type: "Bearer", access_token: expect.stringMatching(/^ya29\./) });
    const tiktok = await GET(new Request("http://app.test/api/sandbox/tiktok/open_api/v1.3/user/info/", { headers: { "access-token": "t" } }), params("tiktok", "open_api", "v1.3", "user", "info"));
    expect(await tiktok.json()).toMatchObject({ code: 0, message: "OK" });
    const unknown = await GET(new Request("http://app.test/api/sandbox/snapchat/x"), params("snapchat", "x"));
    expect(unknown.status).toBe(404);
  });
});
