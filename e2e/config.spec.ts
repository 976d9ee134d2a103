import { expect, test } from "@playwright/test";
import { signIn } from "./fixtures";

// Configuration as code through the running app, with the console's own session (the API
// accepts it as it accepts a token): export the demo workspace, plan it unchanged, plan and
// apply an addition as an editor, and a viewer refused.

test("an editor exports the workspace, plans it unchanged, and applies an addition", async ({ page }) => {
  await signIn(page, "editor");
  const exported = await page.request.get("/api/v1/config");
  expect(exported.status()).toBe(200);
  const text = await exported.text();
  expect(text.endsWith("}\n")).toBe(true);
  const doc = JSON.parse(text);
  expect(doc.version).toBe(1);
  expect(text).not.toContain("downstream-demo"); // no secrets, no passwords

  const unchanged = await page.request.post("/api/v1/config/plan", { data: doc });
  expect(unchanged.status()).toBe(200);
  expect((await unchanged.json()).text).toMatch(/^No changes/);

  // Two segments, one built on the other: referred to by key, created in dependency order.
  const tag = Date.now().toString(36);
  const base = { key: `config-e2e-buyers-${tag}`, name: `Config e2e buyers ${tag}` };
  const vip = { key: `config-e2e-vips-${tag}`, name: `Config e2e VIPs ${tag}` };
  doc.segments.push(
    {
      ...vip,
      definition: {
        conditions: [
          { type: "segment", segment: base.key },
          { type: "identifier", identifier: "email" },
        ],
      },
    },
    { ...base, definition: { conditions: [{ type: "event", event: "Order Completed" }] } },
  );
  const plan = await (await page.request.post("/api/v1/config/plan", { data: doc })).json();
  expect(plan.changes.map((c: { action: string; key: string }) => [c.action, c.key]).sort()).toEqual(
    [
      ["create", base.key],
      ["create", vip.key],
    ].sort(),
  );

  const applied = await page.request.post("/api/v1/config/apply", { data: doc });
  expect(applied.status()).toBe(200);
  expect((await applied.json()).applied).toBe(2);
  expect((await (await page.request.post("/api/v1/config/plan", { data: doc })).json()).text).toMatch(/^No changes/);
  const after = JSON.parse(await (await page.request.get("/api/v1/config")).text());
  expect(after.segments.find((s: { key: string }) => s.key === vip.key).definition.conditions[0]).toEqual({
    type: "segment",
    segment: base.key,
    membership: "in",
  });

  // Leave the data as other specs expect it: the dependent first.
  const listed = (await (await page.request.get("/api/v1/segments?limit=500")).json()).segments as { id: string; name: string }[];
  for (const name of [vip.name, base.name]) {
    const id = listed.find((s) => s.name === name)!.id;
    expect((await page.request.delete(`/api/v1/segments/${id}`)).status()).toBe(200);
  }
});

test("a viewer can export but not plan or apply", async ({ page }) => {
  await signIn(page, "viewer");
  const exported = await page.request.get("/api/v1/config");
  expect(exported.status()).toBe(200);
  const doc = JSON.parse(await exported.text());
  for (const path of ["/api/v1/config/plan", "/api/v1/config/apply"]) {
    const res = await page.request.post(path, { data: doc });
    expect(res.status()).toBe(403);
    expect((await res.json()).error.code).toBe("forbidden");
  }
});

test("a refused document names the path", async ({ page }) => {
  await signIn(page, "editor");
  const doc = JSON.parse(await (await page.request.get("/api/v1/config")).text());
  const at = doc.segments.length;
  doc.segments.push({ key: "refused", name: "Refused", definition: { conditions: [{ type: "segment", segment: "nowhere" }], foo: 1 } });
  const res = await page.request.post("/api/v1/config/plan", { data: doc });
  expect(res.status()).toBe(422);
  expect((await res.json()).error.issues).toEqual([
    { path: `segments[${at}].definition.conditions[0].segment`, message: "No segment with key “nowhere” in this file" },
    { path: `segments[${at}].definition.foo`, message: "Unknown field" },
  ]);
});
