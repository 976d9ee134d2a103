import { mkdirSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { signIn } from "./fixtures";
import { withDatabase } from "./helpers";

// Orchestration conflicts (issue 15 item 4) as a marketer meets them: two cart audiences on one
// Meta ad account, one admitting carts at once with no window, overlapping by half; the sync page
// and the Monitoring page say so with what to do, and the API returns the same list.

const RUN = `c${Date.now()}`;
const ids = { now: `${RUN}-now`, later: `${RUN}-later`, a: `${RUN}-a`, b: `${RUN}-b`, dest: `${RUN}-dest` };

test.use({ viewport: { width: 1440, height: 900 } });

test.beforeAll(async () => {
  mkdirSync("screenshots", { recursive: true });
  await withDatabase(async (db) => {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO profiles (external_id, email) SELECT $1 || '-' || i, $1 || '-' || i || '@example.com' FROM generate_series(1, 200) i RETURNING id::text`,
      [RUN],
    );
    const people = rows.map((r) => r.id);
    const now = { conditions: [{ type: "event", event: "added_to_cart", performed: true }] };
    const later = {
      conditions: [
        {
          type: "sequence",
          did: { event: "checkout_started" },
          window: { type: "last", amount: 3, unit: "days" },
          atLeastAgo: { amount: 2, unit: "hours" },
        },
      ],
    };
    await db.query(
      `INSERT INTO segments (id, name, definition, updated_at) VALUES ($1, 'Added to cart ' || $3, $4, now()), ($2, 'Checkout 2h ' || $3, $5, now())`,
      [ids.now, ids.later, RUN, now, later],
    );
    await db.query(
      `INSERT INTO destinations (id, name, kind, settings, updated_at) VALUES ($1, 'Meta ' || $2, 'meta', '{"adAccountId":"act_42"}', now())`,
      [ids.dest, RUN],
    );
    await db.query(
      `INSERT INTO syncs (id, name, segment_id, destination_id, state, remote_audience_name, updated_at)
       VALUES ($1, 'Cart ads ' || $5, $3, $6, 'paused', $1, now()), ($2, 'Checkout ads ' || $5, $4, $6, 'paused', $2, now())`,
      [ids.a, ids.b, ids.now, ids.later, RUN, ids.dest],
    );
    // 1-100 and 51-200: 50 in both (50% of the first, 33% of the second).
    await db.query(`INSERT INTO audience_members (sync_id, profile_id, identifier_key) SELECT $1, unnest($2::bigint[]), 'email'`, [
      ids.a,
      people.slice(0, 100),
    ]);
    await db.query(`INSERT INTO audience_members (sync_id, profile_id, identifier_key) SELECT $1, unnest($2::bigint[]), 'email'`, [
      ids.b,
      people.slice(50),
    ]);
  });
});

test("the sync page and Monitoring show a sync's conflicts with what to do, as the API says them @screenshots", async ({ page }) => {
  await signIn(page, "viewer");
  await page.goto(`/syncs/${ids.a}`);
  const card = page.locator("section", { has: page.getByRole("heading", { name: /Orchestration conflicts/ }) });
  await expect(card.locator("[data-conflict=audience_overlap]")).toContainText("50 people are in both (50% of “Cart ads");
  await expect(card.locator("[data-conflict=ad_before_owned_recovery]")).toContainText("Start the ad audience after 60 minutes");
  await expect(card.locator("[data-conflict=cart_without_timebox]")).toBeVisible();
  await card.scrollIntoViewIfNeeded();
  await page.screenshot({ path: "screenshots/conflicts-sync.png", fullPage: true });

  const res = await page.request.get(`/api/v1/conflicts?syncId=${ids.a}`);
  expect(res.ok(), await res.text()).toBe(true);
  const body = (await res.json()) as { conflicts: { kind: string }[] };
  expect(await card.locator("[data-conflict]").count()).toBe(body.conflicts.length);

  await page.goto("/monitoring");
  const all = page.locator("section", { has: page.getByRole("heading", { name: /Orchestration conflicts/ }) });
  await expect(all.locator("[data-conflict=audience_overlap]", { hasText: `Cart ads ${RUN}` })).toBeVisible();
  await page.screenshot({ path: "screenshots/conflicts-monitoring.png", fullPage: true });
});
