import net from "node:net";
import { describe, expect, it } from "vitest";
import { systemActor } from "@/lib/auth/actor";

// The demo's inbox: the "Demo inbox" channel mails a real SMTP server, and its page lists the mail.

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

describe("demo inbox", () => {
  it("receives the demo channel's test email and shows it on its page", async () => {
    process.env.DEMO_SMTP_PORT = String(await freePort());
    process.env.DEMO_INBOX_PORT = String(await freePort());
    const { ensureDemoNotificationChannels, startDemoInbox } = await import("@/lib/monitoring/notifications/demo-inbox");
    const { demoInboxUrl } = await import("@/lib/monitoring/notifications/demo-inbox-address");
    const { sendTestNotification } = await import("@/lib/monitoring/notifications/send-test-notification");
    const stop = await startDemoInbox();
    try {
      const channelId = (await ensureDemoNotificationChannels())!;
      expect(await ensureDemoNotificationChannels()).toBeNull();
      const result = await sendTestNotification(systemActor("demo"), channelId);
      expect(result.outcome).toBe("delivered");
      const page = await (await fetch(demoInboxUrl())).text();
      expect(page).toContain("[Downstream] Warning: Test notification for “Demo inbox”");
      expect(page).toContain("demo sent this test from Settings → Notifications");
    } finally {
      await stop();
    }
  });
});
