import { afterEach, describe, expect, it } from "vitest";
import { createApiToken } from "@/lib/auth/api-tokens";
import { createUser } from "@/lib/auth/users";
import { systemActor } from "@/lib/auth/actor";
import { SANDBOX_CREDENTIALS } from "@/lib/sandbox/sandbox-credentials";
import { GET, POST } from "./route";

// The emulators are mounted only in demo mode, under /api/sandbox/<platform>/….

const params = (platform: string, ...path: string[]) => ({ params: Promise.resolve({ platform, path }) });
const original = { demo: process.env.DEMO_MODE, control: process.env.SANDBOX_CONTROL_TOKEN };
const restore = (name: string, value: string | undefined) => (value === undefined ? delete process.env[name] : (process.env[name] = value));
afterEach(() => {
  restore("DEMO_MODE", original.demo);
  restore("SANDBOX_CONTROL_TOKEN", original.control);
});
const G = SANDBOX_CREDENTIALS.google_ads;

describe("/api/sandbox/[platform]/[...path]", () => {
  it("is a JSON 404 outside demo mode", async () => {
    delete process.env.DEMO_MODE;
    const res = await GET(new Request("http://app.test/api/sandbox/meta/v24.0/act_1"), params("meta", "v24.0", "act_1"));
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: "not_found" } });
  });

  it("serves each emulator under its mount path in demo mode", async () => {
    process.env.DEMO_MODE = "1";
    const meta = await GET(
      new Request("http://app.test/api/sandbox/meta/v24.0/act_42?fields=name", {
        headers: { authorization: `Bearer ${SANDBOX_CREDENTIALS.meta.accessToken}` },
      }),
      params("meta", "v24.0", "act_42"),
    );
    expect(await meta.json()).toEqual({ id: "act_42", name: "Sandbox ad account 42" });
    const google = await POST(
      new Request("http://app.test/api/sandbox/google-ads/oauth2/v4/token", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          grant_type: "refresh_token",
          refresh_token: G.refreshToken,
          client_id: G.clientId,
          client_secret: G.clientSecret,
        }).toString(),
      }),
      params("google-ads", "oauth2", "v4", "token"),
    );
    expect(await google.json()).toMatchObject({ token_type: "Bearer", access_token: expect.stringMatching(/^ya29\./) });
    const tiktok = await GET(
      new Request("http://app.test/api/sandbox/tiktok/open_api/v1.3/user/info/", {
        headers: { "access-token": SANDBOX_CREDENTIALS.tiktok.accessToken },
      }),
      params("tiktok", "open_api", "v1.3", "user", "info"),
    );
    expect(await tiktok.json()).toMatchObject({ code: 0, message: "OK" });
    const unknown = await GET(new Request("http://app.test/api/sandbox/snapchat/x"), params("snapchat", "x"));
    expect(unknown.status).toBe(404);
  });

  it("refuses the control endpoints without an editor, an admin or the sandbox control token", async () => {
    process.env.DEMO_MODE = "1";
    process.env.SANDBOX_CONTROL_TOKEN = "operator-sandbox-token-0123";
    const control = (headers: Record<string, string> = {}) =>
      POST(
        new Request("http://app.test/api/sandbox/meta/_sandbox/config", {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body: JSON.stringify({ matchRate: 0.5 }),
        }),
        params("meta", "_sandbox", "config"),
      );
    const anonymous = await control();
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({
      error: { code: "unauthorized", message: expect.stringContaining("Sign in as an editor or admin") },
    });
    expect(
      (await GET(new Request("http://app.test/api/sandbox/meta/_sandbox/audiences"), params("meta", "_sandbox", "audiences"))).status,
    ).toBe(401);
    expect((await control({ "x-sandbox-control-token": "guess" })).status).toBe(401);
    expect((await control({ "x-sandbox-control-token": "operator-sandbox-token-0123" })).status).toBe(200);

    const admin = await createUser(systemActor("test"), {
      email: "sandbox-admin@brand.test",
      role: "admin",
      password: "correct horse battery",
    });
    const adminActor = { type: "user" as const, id: admin.id, label: admin.email, role: "admin" as const };
    const editor = await createApiToken(adminActor, { name: "sandbox editor", role: "editor" });
    const viewer = await createApiToken(adminActor, { name: "sandbox viewer", role: "viewer" });
    expect((await control({ authorization: `Bearer ${editor.token}` })).status).toBe(200);
    expect((await control({ authorization: `Bearer ${viewer.token}` })).status).toBe(403);
  });
});
