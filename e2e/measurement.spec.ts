import { mkdirSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { signIn } from "./fixtures";
import { withDatabase } from "./helpers";

// Measurement as a growth lead uses it (issue 15): a sync's lift report reads as a verdict in
// words with the API returning the same figures; the overlap matrix of two segments and the sync's
// live audience drills down to people; the global control group's size change asks for a
// confirmation that says who is affected (cancelled here: the setting is workspace-wide and other
// specs share the database). The world is written straight to the tables, with its own ids.

const RUN = `m${Date.now()}`;
const ids = { carts: `${RUN}-carts`, buyers: `${RUN}-buyers`, sync: `${RUN}-sync`, dest: `${RUN}-dest` };

test.use({ viewport: { width: 1440, height: 900 } });

test.beforeAll(async () => {
  mkdirSync("screenshots", { recursive: true });
  await withDatabase(async (db) => {
    // 5,000 people: the first 4,000 got the audience ten days ago, the last 1,000 were held out.
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO profiles (external_id, email) SELECT $1 || '-' || i, $1 || '-' || i || '@example.com' FROM generate_series(1, 5000) i RETURNING id::text`,
      [RUN],
    );
    const people = rows.map((r) => r.id);
    const treated = people.slice(0, 4000);
    const held = people.slice(4000);
    await db.query(
      `INSERT INTO segments (id, name, definition, size, last_refreshed_at, updated_at) VALUES
         ($1, 'Cart abandoners ' || $3, '{"conditions":[]}', 3000, now(), now()), ($2, 'Recent buyers ' || $3, '{"conditions":[]}', 1500, now(), now())`,
      [ids.carts, ids.buyers, RUN],
    );
    await db.query(`INSERT INTO segment_memberships (segment_id, profile_id) SELECT $1, unnest($2::bigint[])`, [
      ids.carts,
      people.slice(0, 3000),
    ]);
    await db.query(`INSERT INTO segment_memberships (segment_id, profile_id) SELECT $1, unnest($2::bigint[])`, [
      ids.buyers,
      people.slice(2000, 3500),
    ]);
    await db.query(
      `INSERT INTO destinations (id, name, kind, settings, updated_at) VALUES ($1, 'Lift webhook ' || $2, 'webhook', '{}', now())`,
      [ids.dest, RUN],
    );
    await db.query(
      `INSERT INTO syncs (id, name, segment_id, destination_id, state, remote_audience_name, holdout_percent, updated_at)
       VALUES ($1, 'Cart recovery ' || $3, $2, $4, 'paused', $1, 20, now())`,
      [ids.sync, ids.carts, RUN, ids.dest],
    );
    const entered = "now() AT TIME ZONE 'UTC' - interval '10 days'";
    await db.query(`INSERT INTO sync_runs (id, sync_id, trigger, status) VALUES ($1, $1, 'manual', 'succeeded')`, [ids.sync]);
    await db.query(
      `INSERT INTO sync_run_batches (id, run_id, seq, op, size, status, started_at, finished_at, profile_ids, reasons)
       SELECT $1, $1, 0, 'add', cardinality($2::bigint[]), 'succeeded', ${entered}, ${entered}, $2::bigint[], array_fill('entered'::text, ARRAY[cardinality($2::bigint[])])`,
      [ids.sync, treated],
    );
    // 3,000 of them are still in the audience; the rest left since, their first entry kept in sync_entries.
    await db.query(
      `INSERT INTO audience_members (sync_id, profile_id, identifier_key, added_at, entered_at) SELECT $1, unnest($2::bigint[]), 'email', ${entered}, ${entered}`,
      [ids.sync, treated.slice(0, 3000)],
    );
    await db.query(`INSERT INTO sync_entries (sync_id, profile_id, entered_at) SELECT $1, unnest($2::bigint[]), ${entered}`, [
      ids.sync,
      treated.slice(3000),
    ]);
    await db.query(
      `INSERT INTO sync_holdouts (sync_id, profile_id, holdout_percent, held_at) SELECT $1, unnest($2::bigint[]), 20, ${entered}`,
      [ids.sync, held],
    );
    // Orders within the week: 15% of those who got the audience, 9% of the held out; every fifth buyer twice.
    await db.query(
      `INSERT INTO events (profile_id, name, properties, occurred_at)
       SELECT p, 'order_completed', jsonb_build_object('revenue', 40 + (p % 50)), ${entered} + make_interval(hours => (2 + (p % 100) + n * 24)::int)
       FROM unnest($1::bigint[]) p, generate_series(0, 1) n
       WHERE (p % 100) < CASE WHEN p = ANY($2::bigint[]) THEN 9 ELSE 15 END AND (n = 0 OR p % 5 = 0)`,
      [people, held],
    );
  });
});

test("a sync's lift report and the overlap matrix, as the console and the API say them @screenshots", async ({ page }) => {
  await signIn(page, "viewer");
  await page.goto(`/syncs/${ids.sync}`);
  await page.getByRole("link", { name: "Lift report" }).click();
  await expect(page).toHaveURL(new RegExp(`/syncs/${ids.sync}/lift`));
  const verdict = page.getByTestId("lift-verdict");
  await expect(verdict).toContainText("The sync is adding conversions");
  await expect(page.getByTestId("lift-group")).toHaveCount(2);
  await expect(page.getByTestId("lift-group").first()).toContainText("4,000");
  await expect(page.getByTestId("lift-power")).toContainText("it has 1,000");
  await page.screenshot({ path: "screenshots/lift-report.png", fullPage: true });

  // The API returns the same figures and the same sentence.
  const res = await page.request.get(`/api/v1/syncs/${ids.sync}/lift?windowDays=7`);
  expect(res.ok(), await res.text()).toBe(true);
  const report = await res.json();
  expect([report.treated.people, report.control.people, report.statistics.verdict]).toEqual([4000, 1000, "lift"]);
  await expect(verdict).toHaveText(report.statistics.sentence);

  // A 1-day window: fewer conversions, the page says what it measured.
  await page.getByLabel("Window after entry (days)").fill("1");
  await page.getByRole("button", { name: "Update report" }).click();
  await expect(page).toHaveURL(/windowDays=1/);
  await expect(page.getByText("Conversion (order_completed within 1 d)")).toBeVisible();

  // Overlap: both segments and the sync's live audience.
  await page.goto("/measurement");
  for (const name of [`Cart abandoners ${RUN}`, `Recent buyers ${RUN}`, `Cart recovery ${RUN}`])
    await page.getByRole("checkbox", { name: new RegExp(name) }).check();
  await page.getByRole("button", { name: "Compare" }).click();
  const matrix = page.getByTestId("overlap-matrix");
  await expect(matrix).toBeVisible();
  // Of the 3,000 cart abandoners, 1,000 are recent buyers (33%); of the 1,500 buyers, 67% abandoned a cart.
  const cartsRow = matrix.getByRole("row", { name: new RegExp(`Cart abandoners ${RUN}`) });
  await expect(cartsRow.getByTestId("overlap-cell").first()).toContainText("33%");
  await expect(cartsRow.getByTestId("overlap-cell").first()).toContainText("1,000 people");
  const buyersRow = matrix.getByRole("row", { name: new RegExp(`Recent buyers ${RUN}`) });
  await expect(buyersRow.getByTestId("overlap-cell").first()).toContainText("67%");
  await page.screenshot({ path: "screenshots/overlap-matrix.png", fullPage: true });
  await cartsRow.getByTestId("overlap-cell").first().getByRole("link").click();
  const drill = page.getByTestId("overlap-people");
  await expect(drill).toContainText(`In both Cart abandoners ${RUN} and Recent buyers ${RUN}`);
  await expect(drill.getByRole("link")).toHaveCount(20);
  await drill.getByRole("link").first().click();
  await expect(page).toHaveURL(/\/people\/\d+/);
});

test("changing the global control group asks first and says who is affected @screenshots", async ({ page }) => {
  await signIn(page, "admin");
  await page.goto("/settings");
  await page.getByRole("link", { name: "Global control" }).click();
  await expect(page.getByTestId("global-control-current")).toBeVisible();
  await page.getByLabel("Size of the control group (% of people, 0 = off)").fill("5");
  await page.getByRole("button", { name: "Change…" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByTestId("global-control-effect")).toContainText("will be kept out of every promotional audience");
  await page.screenshot({ path: "screenshots/global-control-confirm.png", fullPage: true });
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  const res = await page.request.get("/measurement");
  expect(res.ok()).toBe(true);
});
