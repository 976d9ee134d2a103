// Where the demo's inbox listens (lib/monitoring/notifications/demo-inbox.ts), apart from it so
// the dev bootstrap can allow its SMTP port under the egress policy without loading the database.
export const DEMO_INBOX = {
  host: "127.0.0.1",
  smtpPort: Number(process.env.DEMO_SMTP_PORT ?? 2525),
  webPort: Number(process.env.DEMO_INBOX_PORT ?? 8025),
};
export const demoInboxUrl = () => `http://${DEMO_INBOX.host}:${DEMO_INBOX.webPort}`;
