import { expect, test } from "@playwright/test";
import { signIn } from "./fixtures";

// TikTok's destination form says how identifiers go out: the extra "+tag" removal TikTok does not
// ask for is off and says its risk, phones default to TikTok's recommended form, and a TikTok
// destination created through the form keeps both. (Its connection test against the emulator the
// e2e server mounts is not asserted: Next answers TikTok's trailing-slash paths with a 308.)

test("new TikTok destination: +tag removal is off and explained, phones go international with +", async ({ page, baseURL }) => {
  await signIn(page, "editor");
  await page.goto("/destinations/new");
  await page.getByTestId("kind-tiktok").click();
  await expect(page.getByRole("heading", { level: 1, name: /Connect TikTok/ })).toBeVisible();

  const plusTag = page.getByRole("checkbox", { name: /Remove “\+tag” from emails/ });
  await expect(plusTag).not.toBeChecked();
  await expect(page.getByText(/may be someone else’s address/)).toBeVisible();
  await expect(page.getByLabel("Phone format")).toHaveValue("e164");

  await page.getByLabel("Name", { exact: true }).fill("E2E TikTok");
  await page.getByLabel("Advertiser ID").fill("7000000000001");
  await page.getByLabel("API base URL").fill(`${baseURL}/api/sandbox/tiktok/open_api/v1.3`);
  await page.getByLabel("Access token").fill("demo-tiktok-access-token");
  await page.getByRole("button", { name: "Connect and test" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "E2E TikTok" })).toBeVisible({ timeout: 30_000 });

  // Saved as shown: the destination's page (an editor sees the form again) keeps both choices.
  await page.reload();
  await expect(page.getByRole("checkbox", { name: /Remove “\+tag” from emails/ })).not.toBeChecked();
  await expect(page.getByLabel("Phone format")).toHaveValue("e164");
});
