import nodemailer from "nodemailer";
import type { Socket } from "node:net";
import type { SendOutcome } from "@/lib/delivery/send-outcome";
import { makeExcerpt, redactSecrets } from "@/lib/delivery/http-send";
import { isEgressRefused } from "@/lib/egress/egress-policy";
import { egressSocket } from "@/lib/egress/egress-socket";
import type { EmailCredentials, EmailSettings } from "@/lib/monitoring/notifications/channel-schemas";
import type { EmailMessage } from "@/lib/monitoring/notifications/render-notification";

// One email over SMTP (nodemailer), classified into a SendOutcome for the ledger like an HTTP
// send. The TCP connection is opened by egressSocket, so the egress policy decides against the
// resolved address before a byte leaves; TLS (secure, or STARTTLS) is nodemailer's on top of it.
// Errors are sentences a marketer reads on Settings → Notifications: what the mail server did,
// with its reply code, never a socket's own message.

const LOOPBACK = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

export async function sendEmail(
  settings: EmailSettings,
  credentials: EmailCredentials,
  message: EmailMessage,
  timeoutMs: number,
): Promise<SendOutcome> {
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    // A password never crosses the network in the clear: without `secure`, STARTTLS is required
    // whenever one is set (a local test server on loopback excepted).
    requireTLS: !settings.secure && !!credentials.password && !LOOPBACK.has(settings.host),
    auth: settings.user ? { user: settings.user, pass: credentials.password ?? "" } : undefined,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    getSocket: (_opts: unknown, callback: (err: Error | null, socketOptions: unknown) => void) => {
      const socket = egressSocket();
      const onError = (e: Error) => callback(e, null);
      socket.once("error", onError);
      socket.once("connect", () => {
        socket.off("error", onError);
        callback(null, { connection: socket as Socket });
      });
      socket.connect(settings.port, settings.host);
    },
  });
  try {
    const info = await transport.sendMail({
      from: settings.from,
      to: settings.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      headers: { "X-Downstream-Notification": "alert" },
    });
    const rejected = (info.rejected ?? []).map(String);
    const excerpt = excerptOf(`${String(info.response ?? "")}${rejected.length ? `\nRefused recipients: ${rejected.join(", ")}` : ""}`);
    return { kind: "delivered", excerpt };
  } catch (e) {
    return smtpOutcome(e, settings, timeoutMs);
  } finally {
    transport.close();
  }
}

type SmtpError = { code?: string; responseCode?: number; response?: string; command?: string; rejected?: unknown[] };

export function smtpOutcome(e: unknown, settings: Pick<EmailSettings, "host" | "port">, timeoutMs: number): SendOutcome {
  const refused = isEgressRefused(e) ? e : isEgressRefused((e as { cause?: unknown })?.cause) ? (e as { cause: Error }).cause : null;
  if (refused)
    return {
      kind: "unreachable",
      error: `${refused.message} Change the mail server, or ask an operator to allow this host (EGRESS_ALLOW).`,
    };
  const err = (e ?? {}) as SmtpError & { errno?: unknown; syscall?: string };
  const server = `${settings.host}:${settings.port}`;
  const reply = err.responseCode ? ` (${err.responseCode})` : "";
  const excerpt = err.response ? excerptOf(err.response) : undefined;
  // nodemailer reports the socket's code for connection failures, its own (E…) otherwise.
  const code = typeof err.code === "string" ? err.code : undefined;
  const sys = socketCode(e);
  if (sys === "ECONNREFUSED") return { kind: "unreachable", error: `The mail server at ${server} refused the connection (ECONNREFUSED).` };
  if (sys === "ENOTFOUND" || sys === "EAI_AGAIN" || code === "EDNS")
    return { kind: "unreachable", error: `The mail server's host name ${settings.host} could not be found.` };
  if (code === "ETLS" || (sys && /CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_VERIFY|DEPTH_ZERO|WRONG_VERSION/.test(sys)))
    return {
      kind: "unreachable",
      error: `A secure connection to the mail server could not be set up${sys ? ` (${sys})` : ""}: check "Use TLS" and the port (465 for TLS, 587 for STARTTLS).`,
    };
  if (code === "EAUTH")
    return { kind: "failed", answered: true, excerpt, error: `The mail server refused the user name or password${reply}.` };
  if (code === "ENOAUTH" || /requireTLS|STARTTLS/i.test(String((e as Error)?.message ?? "")))
    return {
      kind: "failed",
      answered: true,
      excerpt,
      error:
        "The mail server does not offer a secure connection (STARTTLS), so Downstream did not send the password. Turn on “Use TLS” or use port 465.",
    };
  if (code === "EENVELOPE") {
    const who = Array.isArray(err.rejected) && err.rejected.length ? `: ${err.rejected.map(String).join(", ")}` : "";
    return smtpReply(err.responseCode, `The mail server refused the sender or recipients${reply}${who}.`, excerpt);
  }
  if (code === "ETIMEDOUT") {
    return err.command === "CONN" || !err.command
      ? { kind: "unreachable", error: `Could not connect to the mail server at ${server} in time.` }
      : { kind: "timeout", error: `The mail server stopped answering for ${Math.round(timeoutMs / 1000)} s.` };
  }
  if (err.responseCode) return smtpReply(err.responseCode, `The mail server refused the message${reply}.`, excerpt);
  if (sys === "ECONNRESET" || sys === "EPIPE" || code === "ECONNECTION" || code === "ESOCKET")
    return { kind: "unreachable", error: `The mail server at ${server} closed the connection${sys ? ` (${sys})` : ""}.` };
  return { kind: "unreachable", error: `Could not reach the mail server at ${server}${sys ? ` (${sys})` : ""}.` };
}

/** 421 is SMTP's "try again later": a slow-down. Other 4xx are temporary failures (retried), 5xx refusals. */
function smtpReply(responseCode: number | undefined, error: string, excerpt: string | undefined): SendOutcome {
  if (responseCode === 421) return { kind: "throttled", excerpt, error: `${error.replace(/\.$/, "")}: it asked to try again later.` };
  return { kind: "failed", answered: true, excerpt, error };
}

function socketCode(e: unknown): string | undefined {
  for (let cur: unknown = e, depth = 0; cur && depth < 4; cur = (cur as { cause?: unknown }).cause, depth++) {
    const c = (cur as { code?: unknown }).code;
    if (
      typeof c === "string" &&
      /^E[A-Z0-9_]+$/.test(c) &&
      !/^E(AUTH|ENVELOPE|MESSAGE|TLS|DNS|CONNECTION|SOCKET|PROTOCOL|STREAM|NOAUTH|TIMEDOUT)$/.test(c)
    )
      return c;
    if (typeof c === "string" && /^(ERR_TLS|ERR_SSL|CERT_|UNABLE_|DEPTH_ZERO|SELF_SIGNED)/.test(c)) return c;
  }
  return undefined;
}

/** The server's own reply, cleaned and redacted like an HTTP body, as the attempt's excerpt. */
function excerptOf(text: string): string | undefined {
  if (!text.trim()) return undefined;
  return makeExcerpt(new TextEncoder().encode(redactSecrets(text)), { complete: true });
}
