import http from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { egressFetch } from "@/lib/egress/egress-fetch";
import { createEgressLookup, type Resolver } from "@/lib/egress/egress-lookup";
import { assertEgressUrl, EgressRefusedError, isAllowedAddress, parseEgressAllow } from "@/lib/egress/egress-policy";
import { egressSocket } from "@/lib/egress/egress-socket";

// The egress policy: only public unicast addresses unless EGRESS_ALLOW names the host or range,
// decided against the address actually connected to, with redirects never followed.

const none = parseEgressAllow("");
const original = process.env.EGRESS_ALLOW;
afterEach(() => {
  process.env.EGRESS_ALLOW = original;
});

describe("address classes", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.1.2.3", "loopback"],
    ["10.0.0.5", "private"],
    ["172.16.0.1", "private"],
    ["192.168.1.1", "private"],
    ["169.254.169.254", "cloud metadata (link-local)"],
    ["100.100.100.200", "metadata behind carrier-grade NAT"],
    ["0.0.0.0", "unspecified"],
    ["255.255.255.255", "broadcast"],
    ["224.0.0.1", "multicast"],
    ["::1", "IPv6 loopback"],
    ["::", "IPv6 unspecified"],
    ["fe80::1", "IPv6 link-local"],
    ["fd00::1", "IPv6 unique-local"],
    ["fd00:ec2::254", "AWS IPv6 metadata"],
    ["::ffff:127.0.0.1", "IPv4-mapped loopback"],
    ["::ffff:7f00:1", "IPv4-mapped loopback, hex"],
    ["::ffff:169.254.169.254", "IPv4-mapped metadata"],
    ["64:ff9b::7f00:1", "NAT64-embedded loopback"],
    ["2130706433", "decimal loopback"],
    ["0x7f000001", "hex loopback"],
    ["0177.0.0.1", "octal loopback"],
  ])("refuses %s (%s)", (address) => {
    expect(isAllowedAddress(none, address)).toBe(false);
  });

  it.each(["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8"])("allows the public address %s", (address) => {
    expect(isAllowedAddress(none, address)).toBe(true);
  });

  it("allows what the operator names: ranges, single addresses, ports", () => {
    const policy = parseEgressAllow("10.20.0.0/16, ::1 [fd00::5]:5432 127.0.0.1:3000");
    expect(isAllowedAddress(policy, "10.20.3.4")).toBe(true);
    expect(isAllowedAddress(policy, "::ffff:10.20.3.4")).toBe(true);
    expect(isAllowedAddress(policy, "10.21.0.1")).toBe(false);
    expect(isAllowedAddress(policy, "::1")).toBe(true);
    expect(isAllowedAddress(policy, "fd00::5", 5432)).toBe(true);
    expect(isAllowedAddress(policy, "fd00::5", 22)).toBe(false);
    expect(isAllowedAddress(policy, "127.0.0.1", 3000)).toBe(true);
    expect(isAllowedAddress(policy, "127.0.0.1", 5432)).toBe(false);
  });

  it("refuses a typo in EGRESS_ALLOW instead of silently allowing nothing", () => {
    expect(() => parseEgressAllow("10.0.0.0/33")).toThrow(/not a valid address range/);
    expect(() => parseEgressAllow("warehouse!corp")).toThrow(/not a host name/);
  });
});

describe("URLs", () => {
  it.each([
    "http://127.0.0.1/",
    "http://2130706433/",
    "http://0x7f.0.0.1/",
    "http://0177.0.0.1/",
    "http://[::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://169.254.169.254/latest/meta-data/",
    "http://[fd00::1]:8080/",
  ])("refuses %s before connecting", (url) => {
    expect(() => assertEgressUrl(url, none)).toThrow(EgressRefusedError);
  });

  it("refuses schemes other than http(s)", () => {
    expect(() => assertEgressUrl("file:///etc/passwd", none)).toThrow(/only connects over http or https/);
    expect(() => assertEgressUrl("gopher://example.com/", none)).toThrow(EgressRefusedError);
  });

  it("leaves names to the connect-time check, and lets named hosts through", () => {
    expect(() => assertEgressUrl("https://graph.facebook.com/v24.0/", none)).not.toThrow();
    expect(() => assertEgressUrl("http://localhost:3000/", parseEgressAllow("localhost:3000"))).not.toThrow();
    expect(() => assertEgressUrl("http://127.0.0.1:3000/", parseEgressAllow("localhost:3000"))).toThrow(EgressRefusedError);
  });
});

describe("names, at connect time", () => {
  const fakeDns =
    (answers: Record<string, string[]>): Resolver =>
    (hostname, _options, callback) =>
      callback(
        null,
        (answers[hostname] ?? []).map((address) => ({ address, family: address.includes(":") ? 6 : 4 })),
      );
  const lookup = (policy: string, answers: Record<string, string[]>, hostname: string, port = 443) =>
    new Promise<string>((resolve, reject) =>
      createEgressLookup({ port, policy: () => parseEgressAllow(policy), resolve: fakeDns(answers) })(
        hostname,
        { all: false },
        (err, address) => (err ? reject(err) : resolve(address as string)),
      ),
    );

  it("refuses a name that resolves to a private address, and one with any internal answer", async () => {
    await expect(lookup("", { "evil.example": ["10.0.0.5"] }, "evil.example")).rejects.toBeInstanceOf(EgressRefusedError);
    await expect(lookup("", { "rebind.example": ["93.184.215.14", "127.0.0.1"] }, "rebind.example")).rejects.toBeInstanceOf(
      EgressRefusedError,
    );
    await expect(lookup("", { "v6.example": ["::ffff:192.168.0.1"] }, "v6.example")).rejects.toBeInstanceOf(EgressRefusedError);
    expect(await lookup("", { "ok.example": ["93.184.215.14"] }, "ok.example")).toBe("93.184.215.14");
  });

  it("allows a private name the operator names (host, wildcard, or its range)", async () => {
    expect(await lookup("warehouse.corp.internal", { "warehouse.corp.internal": ["10.1.2.3"] }, "warehouse.corp.internal")).toBe(
      "10.1.2.3",
    );
    expect(await lookup("*.corp.internal", { "db.corp.internal": ["10.1.2.3"] }, "db.corp.internal")).toBe("10.1.2.3");
    expect(await lookup("10.1.0.0/16", { "db.corp.internal": ["10.1.2.3"] }, "db.corp.internal")).toBe("10.1.2.3");
    await expect(lookup("*.corp.internal", { "corp.internal.evil": ["10.1.2.3"] }, "corp.internal.evil")).rejects.toBeInstanceOf(
      EgressRefusedError,
    );
  });

  it("resolves real names: localhost is refused unless allowed", async () => {
    await expect(
      new Promise((resolve, reject) =>
        createEgressLookup({ policy: () => none })("localhost", { all: true }, (e, a) => (e ? reject(e) : resolve(a))),
      ),
    ).rejects.toBeInstanceOf(EgressRefusedError);
  });
});

describe("egressFetch and egressSocket", () => {
  let server: http.Server;
  let port = 0;
  const hits: string[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      hits.push(`${req.method} ${req.url} ${req.headers.authorization ?? ""}`);
      if (req.url === "/redirect") {
        res.writeHead(307, { location: `http://127.0.0.1:${port}/stolen` });
        return res.end();
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"ok":true}');
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("refuses loopback by literal and by name unless allowed, and never reaches the server", async () => {
    process.env.EGRESS_ALLOW = "";
    hits.splice(0);
    await expect(egressFetch(`http://127.0.0.1:${port}/x`)).rejects.toBeInstanceOf(EgressRefusedError);
    await expect(egressFetch(`http://localhost:${port}/x`)).rejects.toMatchObject({ cause: expect.any(EgressRefusedError) });
    expect(hits).toEqual([]);
    process.env.EGRESS_ALLOW = `localhost:${port}`;
    expect((await egressFetch(`http://localhost:${port}/x`)).status).toBe(200);
  });

  it("does not follow a redirect: the 307 target never gets the body or the Authorization header", async () => {
    process.env.EGRESS_ALLOW = "127.0.0.0/8";
    hits.splice(0);
    const res = await egressFetch(`http://127.0.0.1:${port}/redirect`, {
      method: "POST",
      headers: { authorization: "Bearer secret" },
      body: "{}",
    });
    expect(res.status).toBe(307);
    expect(hits).toEqual(["POST /redirect Bearer secret"]);
  });

  it("puts pg connections under the same policy (the app's own database is refused)", async () => {
    process.env.EGRESS_ALLOW = "";
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL, stream: egressSocket, connectionTimeoutMillis: 5_000 });
    await expect(client.connect()).rejects.toBeInstanceOf(EgressRefusedError);
    const viaSocket = new pg.Client({ host: "/tmp", database: "x", stream: egressSocket });
    await expect(viaSocket.connect()).rejects.toMatchObject({ why: "unix_socket" });
  });
});
