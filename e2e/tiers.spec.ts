import { mkdirSync } from "node:fs";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { templateByKey } from "../lib/segments/templates";
import { signIn } from "./fixtures";

// Intent tiers (issue 15 item 5) as a marketer meets them: three syncs to one platform made from
// the playbook's Cart intent templates; the console offers to make them a tier group, one click
// does it in template order, the Intent tiers page lists the tiers with their audiences, and the
// middle sync's page says "Tier 2 of 3". A viewer reads the same page without the controls.

const RUN = `t${Date.now()}`;
const keys = ["intent-viewed", "intent-cart", "intent-checkout"] as const;
const labels = ["Viewed", "Cart", "Checkout"];
const groupName = `Cart intent · Meta ${RUN}`;

test.use({ viewport: { width: 1440, height: 900 } });

test.beforeAll(async () => {
  mkdirSync("screenshots", { recursive: true });
  const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  try {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO profiles (external_id, email) SELECT $1 || '-' || i, $1 || '-' || i || '@example.com' FROM generate_series(1, 60) i RETURNING id::text`,
      [RUN],
    );
    await db.query(
      `INSERT INTO destinations (id, name, kind, settings, updated_at) VALUES ($1, 'Meta ' || $2, 'meta', '{"adAccountId":"act_77"}', now())`,
      [`${RUN}-dest`, RUN],
    );
    // Created checkout first: the offer still orders them viewed < cart < checkout.
    for (const i of [2, 0, 1]) {
      // The template's own definition, as "Use template" saves it: that is how the console recognises a tier.
      await db.query(`INSERT INTO segments (id, name, definition, updated_at) VALUES ($1, $2, $3, now())`, [
        `${RUN}-${keys[i]}`,
        `${labels[i]} ${RUN}`,
        JSON.stringify(templateByKey(keys[i])!.definition),
      ]);
      await db.query(
        `INSERT INTO syncs (id, name, segment_id, destination_id, state, remote_audience_name, updated_at)
         VALUES ($1, $2, $3, $4, 'draft', $1, now())`,
        [`${RUN}-sync-${i}`, `${labels[i]} ads ${RUN}`, `${RUN}-${keys[i]}`, `${RUN}-dest`],
      );
      await db.query(`INSERT INTO audience_members (sync_id, profile_id, identifier_key) SELECT $1, unnest($2::bigint[]), 'email'`, [
        `${RUN}-sync-${i}`,
        rows.slice(i * 20, i * 20 + 20 - i * 5).map((r) => r.id),
      ]);
    }
  } finally {
    await db.end();
  }
});

test(
  "make the template syncs an intent tier group in one click; the sync page says which tier",
  { tag: "@screenshots" },
  async ({ page }) => {
    test.setTimeout(120_000);
    await signIn(page, "editor");

    // The wizard offers the group before yet another sync is made.
    await page.goto("/syncs/new");
    const offer = page.getByTestId("tier-offer").filter({ hasText: `Meta ${RUN}` });
    await expect(offer).toContainText("intent tiers");
    await expect(offer.getByRole("listitem")).toHaveText([/^Viewed ads/, /^Cart ads/, /^Checkout ads/]);
    await offer.screenshot({ path: "screenshots/tiers-offer.png" });
    await offer.getByRole("button", { name: "Make these an intent tier group" }).click();

    await expect(page).toHaveURL(/\/syncs\/tiers$/);
    const card = page.locator("section").filter({ has: page.getByTestId("tier-group-name").filter({ hasText: groupName }) });
    // Highest intent first, each with its audience as delivered.
    await expect(card.getByTestId("tier-row")).toHaveText([
      /3 of 3 · highest.*Checkout ads.*Checkout.*Meta.*10/,
      /2 of 3.*Cart ads.*Cart.*Meta.*15/,
      /1 of 3 · lowest.*Viewed ads.*Viewed.*Meta.*20/,
    ]);
    await expect(page.getByTestId("tier-offer").filter({ hasText: `Meta ${RUN}` })).toHaveCount(0);
    await card.screenshot({ path: "screenshots/tiers-group.png" });
    await page.screenshot({ path: "screenshots/tiers-page.png", fullPage: true });

    await card.getByRole("link", { name: `Cart ads ${RUN}` }).click();
    await expect(page.getByTestId("sync-tier")).toHaveText(
      `Tier 2 of 3 in ${groupName}: people who qualify for a higher tier go there instead.`,
    );
    await page.screenshot({ path: "screenshots/tiers-sync-page.png" });
    await page.getByTestId("sync-tier").getByRole("link", { name: groupName }).click();
    await expect(page).toHaveURL(/\/syncs\/tiers$/);

    // Reorder: the cart tier up one, above checkout.
    await card.getByRole("button", { name: `Move Cart ads ${RUN} up a tier` }).click();
    await expect(card.getByTestId("tier-row").first()).toContainText(`Cart ads ${RUN}`);
  },
);

test("a viewer reads the tiers without the controls", async ({ page }) => {
  await signIn(page, "viewer");
  await page.goto("/syncs/tiers");
  const card = page.locator("section").filter({ has: page.getByTestId("tier-group-name").filter({ hasText: groupName }) });
  await expect(card.getByTestId("tier-row")).toHaveCount(3);
  await expect(card.getByRole("button")).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "New tier group" })).toHaveCount(0);

  // The group's lift report, over all its tiers at once.
  await card.getByRole("link", { name: "Lift report" }).click();
  await expect(page.getByRole("heading", { name: `Lift: ${groupName}` })).toBeVisible();
  await expect(page.getByText("Everyone its 3 tiers delivered, against everyone they held out")).toBeVisible();
  await expect(page.getByText(/^How this is worked out: 95% intervals/)).toBeVisible();
  await page.screenshot({ path: "screenshots/tiers-lift.png", fullPage: true });
});
