import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";

// The management API as an engineer automating Downstream sees it.
const tokens = () => JSON.parse(readFileSync("e2e/.auth/tokens.json", "utf8")) as Record<"viewer" | "editor" | "admin", string>;
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

test("health reports app, database and queue", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  const body = await res.json();
  expect(body.app.status).toBe("ok");
  expect(body.database.status).toBe("ok");
  expect(["ok", "degraded"]).toContain(body.queue.status);
});

test("/api/v1/me returns the token's identity and role", async ({ request }) => {
  for (const role of ["viewer", "editor", "admin"] as const) {
    const res = await request.get("/api/v1/me", { headers: bearer(tokens()[role]) });
    expect(res.status()).toBe(200);
    expect(await res.json()).toMatchObject({ type: "token", role, name: `token e2e ${role}` });
  }
});

test("a bad or missing token gets 401 with a JSON error", async ({ request }) => {
  for (const headers of [{}, bearer("ds_not-a-real-token"), { Authorization: "Basic abc" }]) {
    const res = await request.get("/api/v1/me", { headers });
    expect(res.status()).toBe(401);
    const body = await res.json();
    expect(body.error.code).toBe("unauthorized");
    expect(body.error.message).toMatch(/token/i);
  }
});

test("a viewer token cannot create tokens; an admin token can, and the new token works", async ({ request }) => {
  const refused = await request.post("/api/v1/tokens", { headers: bearer(tokens().viewer), data: { name: "x", role: "viewer" } });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error.code).toBe("forbidden");

  const created = await request.post("/api/v1/tokens", { headers: bearer(tokens().admin), data: { name: "ci bot", role: "editor" } });
  expect(created.status()).toBe(201);
  const { token } = await created.json();
  const me = await request.get("/api/v1/me", { headers: bearer(token.token) });
  expect(await me.json()).toMatchObject({ role: "editor", name: "token ci bot" });

  const audit = await request.get("/api/v1/audit?entityType=api_token", { headers: bearer(tokens().viewer) });
  const actions = (await audit.json()).entries.map((e: { action: string }) => e.action);
  expect(actions).toContain("token.created");
});

test("malformed JSON, wrong types and unknown routes get precise JSON errors", async ({ request }) => {
  const malformed = await request.post("/api/v1/tokens", {
    headers: { ...bearer(tokens().admin), "content-type": "application/json" },
    data: Buffer.from('{"name": "broken",'), // a Buffer, so Playwright sends the bytes as they are
  });
  expect(malformed.status()).toBe(400);
  expect((await malformed.json()).error.message).toMatch(/not valid JSON/);

  const wrongType = await request.post("/api/v1/users", {
    headers: bearer(tokens().admin),
    data: { email: 42, role: "wizard", password: "short" },
  });
  expect(wrongType.status()).toBe(422);
  const issues = (await wrongType.json()).error.issues.map((i: { path: string }) => i.path);
  expect(issues).toEqual(expect.arrayContaining(["body.email", "body.role", "body.password"]));

  // Every JSON-taking endpoint answers malformed bodies with a 400, sign-in's included.
  for (const path of ["/api/auth/callback/credentials", "/api/v1/segments/preview", "/api/v1/syncs", "/api/v1/sources"]) {
    const res = await request.post(path, {
      headers: { ...bearer(tokens().admin), "content-type": "application/json" },
      data: Buffer.from('{"a":'),
    });
    expect(res.status(), path).toBe(400);
  }

  const unknown = await request.get("/api/v1/nope", { headers: bearer(tokens().admin) });
  expect(unknown.status()).toBe(404);
  expect((await unknown.json()).error.code).toBe("not_found");

  const huge = await request.post("/api/v1/tokens", {
    headers: bearer(tokens().admin),
    data: { name: "x".repeat(2_000_000), role: "viewer" },
  });
  expect(huge.status()).toBe(413);
});
