import { mkdirSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { startNotificationReceiver, type NotificationReceiver } from "../lib/monitoring/notifications/testing/notification-receiver";
import { startSmtpInbox, type SmtpInbox } from "../lib/monitoring/notifications/testing/smtp-inbox";
import { signIn } from "./fixtures";

// Settings → Notifications as an on-call person sets it up: add an email channel pointing at a
// real local SMTP server and press "Send test" (the mail arrives; the page says Delivered), add a
// Slack channel whose webhook fails and see the transport's error in words, rename, delete; a
// viewer sees the channels but cannot change them. Tagged @screenshots.

const RUN = `${Date.now()}`;
let inbox: SmtpInbox;
let rx: NotificationReceiver;

test.use({ viewport: { width: 1440, height: 900 } });

test.beforeAll(async () => {
  mkdirSync("screenshots", { recursive: true });
  inbox = await startSmtpInbox();
  rx = await startNotificationReceiver();
});
test.afterAll(async () => {
  await inbox?.close();
  await rx?.close();
});

test(
  "add channels, send tests through the ledger, see a failing channel's error, edit and delete",
  { tag: "@screenshots" },
  async ({ page }) => {
    test.setTimeout(180_000);
    await signIn(page, "editor");
    await page.goto("/settings/notifications");
    await expect(page.getByRole("heading", { name: "Notifications" })).toBeVisible();

    // An email channel over SMTP, with a bad port first: refused naming the field.
    const email = `On-call email ${RUN}`;
    await page.getByRole("button", { name: "Add channel" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Name", { exact: true }).fill(email);
    await dialog.getByLabel("Mail server").fill(inbox.host);
    await dialog.getByLabel("Port", { exact: true }).fill("99999");
    await dialog.getByLabel("From", { exact: true }).fill("alerts@downstream.test");
    await dialog.getByLabel("To", { exact: true }).fill("oncall@example.com, lead@example.com");
    await dialog.getByRole("button", { name: "Add channel" }).click();
    await expect(dialog.getByText("A port between 1 and 65535").first()).toBeVisible();
    await dialog.getByLabel("Port", { exact: true }).fill(String(inbox.port));
    await dialog.getByRole("button", { name: "Add channel" }).click();
    await expect(dialog).toBeHidden();
    const emailRow = page.getByTestId("channel-row").filter({ hasText: email });
    await expect(emailRow).toContainText("Not used yet");
    await expect(emailRow).toContainText(`oncall@example.com, lead@example.com via ${inbox.host}:${inbox.port}`);

    await emailRow.getByRole("button", { name: "Send test" }).click();
    const result = page.getByTestId("test-result");
    await expect(result).toContainText("Delivered: the channel accepted the test notification.", { timeout: 30_000 });
    const [mail] = await inbox.waitForMails(1);
    expect(mail!.to).toEqual(["oncall@example.com", "lead@example.com"]);
    expect(mail!.subject).toBe(`[Downstream] Warning: Test notification for “${email}”`);
    await page.getByRole("dialog").getByRole("button", { name: "Close" }).first().click();
    await expect(emailRow).toContainText("Working");

    // A Slack channel whose webhook answers 500: the test says so, in words, and the row stays failing.
    const slack = `Ops Slack ${RUN}`;
    rx.fault = { status: 500 };
    await page.getByRole("button", { name: "Add channel" }).click();
    await dialog.getByLabel("Kind").selectOption("slack");
    await dialog.getByLabel("Name", { exact: true }).fill(slack);
    await dialog.getByLabel("Slack webhook URL").fill(`${rx.url}/slack/T0/B0/secret`);
    await dialog.getByRole("button", { name: "Add channel" }).click();
    await expect(dialog).toBeHidden();
    const slackRow = page.getByTestId("channel-row").filter({ hasText: slack });
    await slackRow.getByRole("button", { name: "Send test" }).click();
    await expect(result).toContainText("Not delivered", { timeout: 30_000 });
    await expect(result).toContainText(
      "The endpoint answered 500 Internal Server Error. The test stays queued and is retried like any notification.",
    );
    await page.getByRole("dialog").getByRole("button", { name: "Close" }).first().click();
    await expect(slackRow).toContainText("Failing");
    await expect(slackRow).toContainText("The endpoint answered 500 Internal Server Error.");
    // The secret URL is never on the page: only its host and last 4 characters.
    await expect(page.getByText("/slack/T0/B0/secret")).toHaveCount(0);
    await page.screenshot({ path: "screenshots/settings-notifications.png", fullPage: true });

    // Rename the email channel; its saved settings stay.
    await emailRow.getByRole("button", { name: "Edit" }).click();
    await dialog.getByLabel("Name", { exact: true }).fill(`${email} (renamed)`);
    await dialog.getByRole("button", { name: "Save changes" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId("channel-row").filter({ hasText: `${email} (renamed)` })).toContainText(
      `via ${inbox.host}:${inbox.port}`,
    );

    // Deleting the failing channel says its waiting test is dropped with it.
    await slackRow.getByRole("button", { name: "Delete" }).click();
    await expect(dialog).toContainText("1 notification is still waiting to go out on it and will be dropped.");
    await dialog.getByRole("button", { name: "Delete channel" }).click();
    await expect(slackRow).toHaveCount(0);

    // The audit log names each change.
    await page.goto("/settings/audit");
    await expect(page.getByText("notification_channel.tested").first()).toBeVisible();
  },
);

test("a viewer sees the channels and their state but cannot add, change or test them", async ({ page }) => {
  await signIn(page, "viewer");
  await page.goto("/settings/notifications");
  await expect(page.getByText("Only editors and admins can add, change or test notification channels.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Add channel" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Send test" })).toHaveCount(0);
  await expect(page.getByTestId("channel-row").first()).toBeVisible();
});
