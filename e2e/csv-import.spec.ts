import { mkdirSync, readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { signIn } from "./fixtures";

// CSV import with bad rows (issue 9, item 16): a binary file is refused before anything is
// imported; in a real file, an unclosed quote on line 6, a person repeated and a bad number
// are refused row by row with their line numbers, the good rows import, and the error file
// escapes cells a spreadsheet would run as formulas.

test.use({ viewport: { width: 1440, height: 1000 } });

const CSV = [
  "customer_id,email,plan,lifetime_value",
  "csv-e2e-01,ines@example.com,gold,120",
  "csv-e2e-02,omar@example.com,silver,80",
  "csv-e2e-03,lena@example.com,free,=1+2",
  "csv-e2e-04,kofi@example.com,gold,40",
  'csv-e2e-05,"mia@example.com,silver,10',
  "csv-e2e-06,noor@example.com,gold,55",
  "csv-e2e-01,ines.again@example.com,free,1",
  "csv-e2e-08,yuki@example.com,silver,70",
].join("\n");

test("a binary file is refused up front; bad rows are listed with their lines and the good rows import", async ({ page }) => {
  mkdirSync("screenshots", { recursive: true });
  await signIn(page, "admin");
  await page.goto("/people/import");
  await expect(page.getByRole("heading", { level: 1, name: "Import CSV" })).toBeVisible();

  // Seeded pseudo-random bytes: the kind of file someone picks by mistake.
  let x = 7;
  const binary = Buffer.from(Array.from({ length: 2048 }, () => ((x = (x * 1103515245 + 12345) % 2 ** 31), x & 0xff)));
  await page.getByLabel("CSV file").setInputFiles({ name: "export.csv", mimeType: "text/csv", buffer: binary });
  await expect(page.getByText(/This file is not text/)).toBeVisible();
  await expect(page.getByTestId("mapping-row")).toHaveCount(0);

  await page.getByLabel("CSV file").setInputFiles({ name: "customers.csv", mimeType: "text/csv", buffer: Buffer.from(CSV) });
  await expect(page.getByTestId("mapping-row")).toHaveCount(4);
  await page.getByLabel("Type of lifetime_value").selectOption("number");
  await expect(page.getByText("1 line near the top cannot be read")).toBeVisible();
  await expect(page.getByText("Line 6: a quote opened on this line is never closed.")).toBeVisible();
  // The preview tells the same truth as the import: lines as in the file, the repeated person refused.
  await expect(page.getByTestId("preview-row")).toHaveCount(7);
  await expect(page.getByTestId("preview-row").nth(5)).toContainText("8");
  await expect(page.getByTestId("preview-row").nth(5)).toContainText("Refuse");
  await expect(page.getByTestId("preview-row").nth(5)).toContainText("the same external id is already on line 2");
  await page.screenshot({ path: "screenshots/csv-import-preview-unreadable-line.png", fullPage: true });

  await page.getByRole("button", { name: "Import customers.csv" }).click();
  await expect(page.getByText("Import finished")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText("5 of 8 rows imported")).toBeVisible();
  await expect(page.getByText("3 rows were refused")).toBeVisible();
  const problems = page.getByTestId("import-problem");
  await expect(problems).toHaveCount(3);
  await expect(problems.nth(0)).toContainText("4");
  await expect(problems.nth(0)).toContainText('"=1+2" is not a number');
  await expect(problems.nth(1)).toContainText("6");
  await expect(problems.nth(1)).toContainText("This line cannot be read: a quote opened on this line is never closed");
  await expect(problems.nth(2)).toContainText("8");
  await expect(problems.nth(2)).toContainText("the same external id is already on line 2");
  await page.getByRole("region", { name: "Rows with problems" }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: "screenshots/csv-import-bad-rows.png", fullPage: true });

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download error file" }).click()]);
  const errors = readFileSync(await download.path(), "utf8");
  expect(errors).toContain("3,4,lifetime_value,'=1+2,error,");
  expect(errors).toContain("5,6,,,error,this line cannot be read: a quote opened on this line is never closed; the row was skipped");
  expect(errors).toContain(
    "7,8,customer_id,csv-e2e-01,error,duplicate: the same external id is already on line 2; only the first row is imported",
  );
});
