import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { signIn } from "./fixtures";

// A NUL in an address (issue 9, item 24) is a 400 before any page or API route reads it into
// a query, never a 500: the console's search box and a person's id, and the API's ids.

test("pages and the API answer an address with %00 with a 400, and keep working", async ({ page, request }) => {
  await signIn(page, "admin");
  for (const path of ["/people?q=%00", "/people/a%00b", "/segments?x=%00"]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(400);
    await expect(page.getByText("contains a character no page uses")).toBeVisible();
  }
  const ok = await page.goto("/people?q=nobody-matches-this");
  expect(ok?.status()).toBe(200);

  const { admin } = JSON.parse(readFileSync("e2e/.auth/tokens.json", "utf8")) as Record<string, string>;
  const api = await request.get("/api/v1/people/a%00b", { headers: { authorization: `Bearer ${admin}` } });
  expect(api.status()).toBe(400);
  expect((await api.json()).error.message).toContain("NUL");
});
