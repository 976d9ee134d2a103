import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerOptions } from "smtp-server";

// A real SMTP server on 127.0.0.1 that keeps every message it accepts: the notification tests send
// to it over SMTP, and the demo's worker starts one as the inbox people can look at. It speaks plain
// SMTP (no STARTTLS: it has no certificate) and, when given a user, requires that user's password.

export type ReceivedMail = { from: string; to: string[]; subject: string; text: string; raw: string; at: Date };

export type SmtpInbox = {
  host: string;
  port: number;
  mails: ReceivedMail[];
  /** Set to make the server refuse: "auth" (535 to any login), or an SMTP reply code for every message (e.g. 451, 550). */
  fault: null | "auth" | number;
  waitForMails(n: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
};

export async function startSmtpInbox(opts: { user?: string; password?: string; port?: number } = {}): Promise<SmtpInbox> {
  const mails: ReceivedMail[] = [];
  const inbox = { fault: null as SmtpInbox["fault"] };
  const options: SMTPServerOptions = {
    disabledCommands: opts.user ? ["STARTTLS"] : ["STARTTLS", "AUTH"],
    authOptional: !opts.user,
    allowInsecureAuth: true,
    logger: false,
    // No reverse DNS of the client: loopback only, and a lookup without network stalls each connection.
    disableReverseLookup: true,
    size: 5 * 1024 * 1024,
    onAuth(auth, _session, cb) {
      if (inbox.fault === "auth" || auth.username !== opts.user || auth.password !== opts.password)
        return cb(Object.assign(new Error("Authentication credentials invalid"), { responseCode: 535 }));
      cb(null, { user: auth.username });
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        if (typeof inbox.fault === "number")
          return cb(Object.assign(new Error(`Refused for the test (${inbox.fault})`), { responseCode: inbox.fault }));
        const raw = Buffer.concat(chunks).toString("utf8");
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: decodeSubject(raw),
          text: raw,
          raw,
          at: new Date(),
        });
        cb();
      });
    },
  };
  const server = new SMTPServer(options);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
  });
  server.on("error", () => {});
  const port = ((server as unknown as { server: { address(): AddressInfo } }).server.address() as AddressInfo).port;
  return {
    host: "127.0.0.1",
    port,
    mails,
    get fault() {
      return inbox.fault;
    },
    set fault(f) {
      inbox.fault = f;
    },
    async waitForMails(n, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (mails.length < n) {
        if (Date.now() > deadline) throw new Error(`expected ${n} mails, got ${mails.length}`);
        await new Promise((r) => setTimeout(r, 25));
      }
      return mails;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** The Subject header, with RFC 2047 encoded words decoded (nodemailer encodes non-ASCII subjects). */
export function decodeSubject(raw: string): string {
  const head = raw.split(/\r?\n\r?\n/)[0] ?? "";
  const m = /^Subject:(.*(?:\r?\n[ \t].*)*)/im.exec(head);
  if (!m) return "";
  return m[1]!
    .replace(/\r?\n[ \t]/g, " ")
    .trim()
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g, (_all, _cs: string, enc: string, data: string) =>
      enc.toUpperCase() === "B"
        ? Buffer.from(data, "base64").toString("utf8")
        : Buffer.from(
            data.replace(/_/g, " ").replace(/=([0-9A-Fa-f]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
            "latin1",
          ).toString("utf8"),
    );
}
