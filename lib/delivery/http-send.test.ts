import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { makeExcerpt, MAX_EXCERPT_CHARS, parseRetryAfter, redactSecrets, sendHttp } from "./http-send";

// Over real HTTP on 127.0.0.1, through the production egressFetch (vitest.config.ts allows loopback).

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;
const servers: http.Server[] = [];

async function serve(handler: Handler): Promise<string> {
  const server = http.createServer((req, res) => {
    // Drain the request first, as a real receiver does.
    req.resume();
    req.on("end", () => handler(req, res));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
}

afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

const post = (url: string, timeoutMs = 5_000) =>
  sendHttp({
    url,
    headers: { "content-type": "application/json", "webhook-id": "msg_1" },
    body: '{"type":"event_stream.batch","events":[]}',
    timeoutMs,
  });

describe("sendHttp classifies what the receiver answered", () => {
  it("2xx is delivered, with what the receiver said, and the request arrives as sent", async () => {
    let seen: { method?: string; id?: string | string[]; body?: string } = {};
    const server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        seen = { method: req.method, id: req.headers["webhook-id"], body };
        res.writeHead(202, { "content-type": "application/json" }).end('{"accepted":3}');
      });
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { outcome, durationMs } = await post(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    expect(outcome).toEqual({ kind: "delivered", status: 202, excerpt: '{"accepted":3}' });
    expect(durationMs).toBeGreaterThanOrEqual(0);
    expect(seen).toEqual({ method: "POST", id: "msg_1", body: '{"type":"event_stream.batch","events":[]}' });
  });

  it("sends the method asked for (a GET without a body) and hands back the body read when asked, marked incomplete past the cap", async () => {
    const seen: { method?: string; body: string }[] = [];
    const big = "x".repeat(100 * 1024);
    const server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        seen.push({ method: req.method, body });
        res.writeHead(200, { "content-type": "application/json" }).end(req.url === "/big" ? big : '{"data":{"tier":"gold"}}');
      });
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const got = await sendHttp({ url: `${base}/`, method: "GET", headers: {}, body: "ignored", timeoutMs: 5_000, readBody: true });
    expect(got.body).toMatchObject({ text: '{"data":{"tier":"gold"}}', complete: true, contentType: "application/json" });
    expect(got.body?.headers).toContainEqual(["content-type", "application/json"]);
    const put = await sendHttp({ url: `${base}/big`, method: "PUT", headers: {}, body: "{}", timeoutMs: 5_000, readBody: true });
    expect(put.outcome.kind).toBe("delivered");
    expect(put.body?.complete).toBe(false);
    expect(put.body?.text.length).toBe(64 * 1024);
    // Callers that do not ask get no body, as before.
    expect((await post(`${base}/`)).body).toBeUndefined();
    expect(seen.map((s) => [s.method, s.body])).toEqual([
      ["GET", ""],
      ["PUT", "{}"],
      ["POST", '{"type":"event_stream.batch","events":[]}'],
    ]);
  });

  it("429, 502, 503 and 504 slow down, honouring Retry-After in seconds", async () => {
    for (const status of [429, 502, 503, 504]) {
      const url = await serve((_req, res) => res.writeHead(status, { "retry-after": "30" }).end("slow down"));
      const { outcome } = await post(url);
      expect(outcome).toMatchObject({ kind: "throttled", status, retryAfterMs: 30_000, excerpt: "slow down" });
      expect(outcome.kind === "throttled" && outcome.error).toMatch(new RegExp(`^The endpoint answered ${status} .*wait 30 s`));
    }
  });

  it("Retry-After as an HTTP date, clamped to 1 s..1 h, and absent", async () => {
    const inTwoMinutes = new Date(Date.now() + 120_000).toUTCString();
    const url = await serve((_req, res) => res.writeHead(429, { "retry-after": inTwoMinutes }).end());
    const { outcome } = await post(url);
    expect(outcome.kind).toBe("throttled");
    const wait = outcome.kind === "throttled" ? outcome.retryAfterMs! : 0;
    // The date has one-second precision and the clock moves: about two minutes.
    expect(wait).toBeGreaterThan(100_000);
    expect(wait).toBeLessThanOrEqual(120_000);

    const noHeader = await serve((_req, res) => res.writeHead(503).end());
    expect((await post(noHeader)).outcome).toMatchObject({ kind: "throttled", status: 503, retryAfterMs: undefined });

    const now = Date.parse("2026-12-01T10:00:00Z");
    expect(parseRetryAfter("0", now)).toBe(1_000);
    expect(parseRetryAfter("86400", now)).toBe(3_600_000);
    expect(parseRetryAfter("Tue, 01 Dec 2026 09:00:00 GMT", now)).toBe(1_000);
    expect(parseRetryAfter("Tue, 01 Dec 2026 10:00:10 GMT", now)).toBe(10_000);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it("410 is gone: the receiver asked us to stop", async () => {
    const url = await serve((_req, res) => res.writeHead(410).end("this hook was deleted"));
    expect((await post(url)).outcome).toEqual({
      kind: "gone",
      status: 410,
      excerpt: "this hook was deleted",
      error: expect.stringMatching(/410 Gone/),
    });
  });

  it("any other status is a failure the marketer can read, with the standard reason phrase", async () => {
    const url = await serve((_req, res) => {
      res.statusMessage = "Call my cell 555-0100";
      res.writeHead(500).end('{"error":"boom"}');
    });
    expect((await post(url)).outcome).toEqual({
      kind: "failed",
      status: 500,
      answered: true,
      excerpt: '{"error":"boom"}',
      error: "The endpoint answered 500 Internal Server Error.",
    });
    const bad = await serve((_req, res) => res.writeHead(400).end());
    expect((await post(bad)).outcome).toMatchObject({
      kind: "failed",
      status: 400,
      answered: true,
      error: "The endpoint answered 400 Bad Request.",
    });
  });

  it("a redirect is a failure that asks for the final URL, and is not followed", async () => {
    let followed = false;
    const target = await serve((_req, res) => {
      followed = true;
      res.writeHead(200).end();
    });
    const url = await serve((_req, res) => res.writeHead(307, { location: target }).end());
    const { outcome } = await sendHttp({ url, headers: {}, body: "{}", timeoutMs: 5_000, addressField: "Endpoint URL" });
    expect(outcome).toMatchObject({ kind: "failed", status: 307, answered: true });
    expect(outcome.kind === "failed" && outcome.error).toMatch(/redirected.*enter the final URL in Endpoint URL/);
    expect(followed).toBe(false);
  });
});

describe("sendHttp when there is no answer", () => {
  it("a server that never answers is a timeout", async () => {
    const url = await serve(() => {
      /* never answers */
    });
    const { outcome } = await post(url, 1_000);
    expect(outcome).toEqual({ kind: "timeout", error: "No answer within 1 s." });
  });

  it("a closed port is unreachable, naming only the error code", async () => {
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const { outcome } = await post(`http://127.0.0.1:${port}/hook`);
    expect(outcome).toEqual({ kind: "unreachable", error: "The endpoint refused the connection (ECONNREFUSED)." });
  });

  it("a server that drops the connection is unreachable, without the socket's message", async () => {
    const url = await serve((req) => req.socket.destroy());
    const { outcome } = await post(url);
    expect(outcome.kind).toBe("unreachable");
    expect(outcome.kind === "unreachable" && outcome.error).toMatch(
      /^The endpoint closed the connection before answering( \([A-Z_]+\))?\.$/,
    );
  });

  it("an address the egress policy refuses is unreachable and names the field", async () => {
    const prev = process.env.EGRESS_ALLOW;
    process.env.EGRESS_ALLOW = "";
    try {
      const { outcome } = await sendHttp({
        url: "http://10.1.2.3/hook",
        headers: {},
        body: "{}",
        timeoutMs: 1_000,
        addressField: "Endpoint URL",
      });
      expect(outcome.kind).toBe("unreachable");
      expect(outcome.kind === "unreachable" && outcome.error).toMatch(/private or internal address.*Change the Endpoint URL/);
    } finally {
      process.env.EGRESS_ALLOW = prev;
    }
  });
});

describe("sendHttp never throws", () => {
  it("on an unparseable URL, a fetch that throws anything, or a body that errors", async () => {
    expect((await sendHttp({ url: "not a url", headers: {}, body: "{}", timeoutMs: 1_000 })).outcome).toEqual({
      kind: "unreachable",
      error: "The Endpoint URL is not a valid URL.",
    });
    const throwing = (async () => {
      throw "a string, not an Error";
    }) as unknown as typeof fetch;
    expect(
      (await sendHttp({ url: "http://127.0.0.1:1/", headers: {}, body: "{}", timeoutMs: 1_000 }, { fetch: throwing })).outcome,
    ).toEqual({
      kind: "unreachable",
      error: "Could not reach the endpoint.",
    });
    let pulls = 0;
    const erroring = (async () =>
      new Response(
        new ReadableStream({
          pull(c) {
            if (pulls++ === 0) c.enqueue(new TextEncoder().encode("half an answer"));
            else c.error(new Error("socket hang up at 10.0.0.7:5432"));
          },
        }),
        { status: 500 },
      )) as unknown as typeof fetch;
    const { outcome } = await sendHttp({ url: "http://127.0.0.1:1/", headers: {}, body: "{}", timeoutMs: 1_000 }, { fetch: erroring });
    expect(outcome).toMatchObject({ kind: "failed", status: 500, answered: true, excerpt: "half an answer… (truncated)" });
    expect(JSON.stringify(outcome)).not.toContain("10.0.0.7");
  });
});

describe("sendHttp keeps a safe excerpt of any response", () => {
  it("a 10 MB response is cut to an excerpt without reading it all", async () => {
    const total = 10 * 1024 * 1024;
    let flushed = 0;
    let finished = false;
    const closed = new Promise<void>((resolve) => {
      void serve((_req, res) => {
        res.writeHead(200, { "content-type": "text/plain", "content-length": String(total) });
        const chunk = Buffer.alloc(64 * 1024, "a");
        const pump = () => {
          while (flushed < total) {
            flushed += chunk.length;
            if (!res.write(chunk)) return void res.once("drain", pump);
          }
          res.end(() => (finished = true));
        };
        res.on("close", () => resolve());
        pump();
      }).then((url) => post(url).then((r) => results.push(r)));
    });
    const results: Awaited<ReturnType<typeof sendHttp>>[] = [];
    await closed;
    await expect.poll(() => results.length).toBe(1);
    const { outcome } = results[0];
    expect(outcome.kind).toBe("delivered");
    const excerpt = outcome.kind === "delivered" ? outcome.excerpt! : "";
    expect(excerpt.length).toBeLessThanOrEqual(MAX_EXCERPT_CHARS);
    expect(excerpt).toMatch(/^a+… \(truncated, 10\.0 MB total\)$/);
    // The client hung up long before the server could hand over 10 MB.
    expect(finished).toBe(false);
    expect(flushed).toBeLessThan(total);
  });

  it("an endless response returns, marked truncated without a total", async () => {
    const url = await serve((_req, res) => {
      res.writeHead(500, { "content-type": "text/plain" });
      const timer = setInterval(() => res.write("x".repeat(16 * 1024)), 1);
      res.on("close", () => clearInterval(timer));
    });
    const { outcome } = await post(url);
    expect(outcome).toMatchObject({ kind: "failed", status: 500 });
    const excerpt = outcome.kind === "failed" ? outcome.excerpt! : "";
    expect(excerpt.length).toBeLessThanOrEqual(MAX_EXCERPT_CHARS);
    expect(excerpt.endsWith("x… (truncated)")).toBe(true);
  });

  it("a body that stalls after a 200 is still delivered, with what arrived", async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.write("partial");
    });
    const { outcome } = await post(url, 1_000);
    expect(outcome).toEqual({ kind: "delivered", status: 200, excerpt: "partial… (truncated)" });
  });

  it("non-JSON and binary bodies are kept as text or described", async () => {
    const html = await serve((_req, res) =>
      res.writeHead(502, { "content-type": "text/html" }).end("<h1>Bad gateway</h1>\r\n\u0007\u202eevil"),
    );
    expect((await post(html)).outcome).toMatchObject({ kind: "throttled", excerpt: "<h1>Bad gateway</h1>\nevil" });

    const binary = await serve((_req, res) =>
      res.writeHead(200, { "content-type": "image/png" }).end(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 1, 2, 3])),
    );
    expect((await post(binary)).outcome).toEqual({ kind: "delivered", status: 200, excerpt: "(binary response, 11 bytes)" });

    const empty = await serve((_req, res) => res.writeHead(204).end());
    expect((await post(empty)).outcome).toEqual({ kind: "delivered", status: 204, excerpt: undefined });
  });

  it("secrets in a receiver's answer are redacted before they are kept", async () => {
    const body = JSON.stringify({
      error: "bad auth",
      access_token: "ya29.a0AfH6SMBx",
      password: "hunter2",
      "client-secret": 'with "quotes"',
      api_key: "k_123",
      echo: "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc signed with whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
      detail: "retry with sig=0123456789abcdef0123456789abcdef01234567 please",
    });
    const url = await serve((_req, res) => res.writeHead(401, { "content-type": "application/json" }).end(body));
    const { outcome } = await post(url);
    const excerpt = outcome.kind === "failed" ? outcome.excerpt! : "";
    for (const secret of ["ya29", "hunter2", "quotes", "k_123", "eyJhbGci", "MfKQ9r8G", "0123456789abcdef0123"])
      expect(excerpt).not.toContain(secret);
    expect(excerpt).toContain('"error":"bad auth"');
    expect(excerpt).toContain('"password":"[redacted]"');
    expect(excerpt).toContain("Bearer [redacted]");
    expect(excerpt).toContain("whsec_[redacted]");
    expect(excerpt).toContain("sig=[redacted]");
  });
});

describe("excerpts", () => {
  it("are at most 2,000 characters, say the total when known, and never split a character", () => {
    const long = Buffer.from("é".repeat(3_000));
    const e = makeExcerpt(long, { complete: true })!;
    expect(e.length).toBeLessThanOrEqual(MAX_EXCERPT_CHARS);
    expect(e).toMatch(/^é+… \(truncated, 5\.9 KB total\)$/);
    const emoji = makeExcerpt(Buffer.from("😀".repeat(1_500)), { complete: false })!;
    expect(emoji.length).toBeLessThanOrEqual(MAX_EXCERPT_CHARS);
    expect(emoji.replace("… (truncated)", "")).not.toMatch(/[\ud800-\udbff]$/);
    expect(makeExcerpt(Buffer.from("ok"), { complete: true })).toBe("ok");
  });

  it("redact without catastrophic backtracking: 256 KB of one letter, of key=, of quotes", () => {
    // A quadratic pattern spends about 4 s on 64 KB of one letter, so over a minute here; the test timeout is the guard.
    const n = 256 * 1024;
    for (const s of [
      "a".repeat(n),
      "a=".repeat(n / 2),
      '"'.repeat(n),
      '"password'.repeat(n / 9),
      "Bearer ".repeat(n / 7),
      "a ".repeat(n / 2) + "=",
    ]) {
      expect(redactSecrets(s).length).toBeGreaterThan(0);
    }
  }, 10_000);

  it("leave ordinary text and ids alone", () => {
    const text =
      '{"id":"evt_01HZX3K9Q8W7E6R5T4Y3U2I1O0","status":"ok","count":3} token count: 12. Invalid token provided; basic information only; see Bearer tokens docs';
    expect(redactSecrets(text)).toBe(text);
  });
});
