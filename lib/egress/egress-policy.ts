import ipaddr from "ipaddr.js";

// The one egress policy for every outbound connection Downstream makes on a user's behalf
// (audience connectors, warehouse connections, connection tests; later event streams, webhook
// actions and notifications). A destination URL is typed by an editor, so without this an editor
// could make the server talk to its own database, the cloud metadata service or anything else
// on the private network (SSRF). Only public unicast addresses are allowed, unless an operator
// names a host or range in EGRESS_ALLOW (a warehouse on the private network, loopback receivers
// in tests, the demo's own sandbox).
//
// The check runs against the address actually connected to (see egress-lookup.ts), not only the
// name at save time: a name that resolves to a public address when saved and to 127.0.0.1 when
// used (DNS rebinding) is still refused.

export type EgressPolicy = {
  /** Lowercased host names allowed whatever they resolve to; "*.example.internal" matches subdomains. */
  hosts: { name: string; port?: number }[];
  /** Address ranges allowed although not public. */
  ranges: { net: ipaddr.IPv4 | ipaddr.IPv6; bits: number; port?: number }[];
};

/** Why a connection was refused: a short reason safe to show to the user (no resolved address). */
export class EgressRefusedError extends Error {
  readonly code = "EGRESS_REFUSED";
  constructor(
    readonly host: string,
    readonly why: "internal_address" | "bad_scheme" | "unix_socket",
  ) {
    super(
      why === "bad_scheme"
        ? `Downstream only connects over http or https (${host}).`
        : why === "unix_socket"
          ? "Downstream does not connect through local sockets."
          : `${host} is a private or internal address, which Downstream does not connect to.`,
    );
    this.name = "EgressRefusedError";
  }
}

export const isEgressRefused = (e: unknown): e is EgressRefusedError => e instanceof EgressRefusedError;

/**
 * EGRESS_ALLOW: comma- or space-separated host names ("localhost", "*.corp.internal"), single
 * addresses ("10.0.4.17", "::1"), CIDR ranges ("127.0.0.0/8", "fd00::/8"), each optionally with
 * a port ("localhost:3000", "[::1]:5432", "10.0.0.0/8:5432") to allow only that port. Throws on
 * an entry that is none of these, so a typo fails loudly instead of silently allowing nothing.
 */
export function parseEgressAllow(text: string | undefined): EgressPolicy {
  const policy: EgressPolicy = { hosts: [], ranges: [] };
  for (const raw of (text ?? "").split(/[\s,]+/)) {
    const { entry, port } = splitPort(raw.trim().toLowerCase());
    if (!entry) continue;
    if (entry.includes("/")) {
      if (!ipaddr.isValidCIDR(entry)) throw new Error(`EGRESS_ALLOW: "${raw}" is not a valid address range`);
      const [net, bits] = ipaddr.parseCIDR(entry);
      policy.ranges.push({ net, bits, port });
    } else if (ipaddr.isValid(entry)) {
      const net = ipaddr.parse(entry);
      policy.ranges.push({ net, bits: net.kind() === "ipv4" ? 32 : 128, port });
    } else if (/^(\*\.)?[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*\.?$/.test(entry)) {
      policy.hosts.push({ name: entry.replace(/\.$/, ""), port });
    } else {
      throw new Error(`EGRESS_ALLOW: "${raw}" is not a host name, address or range`);
    }
  }
  return policy;
}

/** "[::1]:5432" → ::1 + 5432; "host:80" → host + 80; a bare IPv6 ("fd00::1", "fd00::/8") has no port. */
function splitPort(raw: string): { entry: string; port?: number } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(raw);
  if (bracketed) return { entry: bracketed[1]!, port: bracketed[2] ? Number(bracketed[2]) : undefined };
  const m = /^([^:]+):(\d+)$/.exec(raw);
  if (m) return { entry: m[1]!, port: Number(m[2]) };
  return { entry: raw };
}

let cached: { text: string | undefined; policy: EgressPolicy } | undefined;

/** The operator's policy from EGRESS_ALLOW (re-read when the variable changes, e.g. between tests). */
export function egressPolicy(): EgressPolicy {
  const text = process.env.EGRESS_ALLOW;
  if (!cached || cached.text !== text) cached = { text, policy: parseEgressAllow(text) };
  return cached.policy;
}

/** Host names as URLs and connection strings spell them: "[::1]" → "::1", trailing dot dropped. */
export const bareHost = (host: string): string =>
  host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/\.$/, "");

/** The operator named this host itself (any address it resolves to is then allowed). */
export function isAllowedHost(policy: EgressPolicy, host: string, port?: number): boolean {
  const h = bareHost(host);
  return policy.hosts.some(
    ({ name, port: only }) =>
      portMatches(only, port) && (name.startsWith("*.") ? h.endsWith(name.slice(1)) && h.length > name.length - 1 : h === name),
  );
}

// An entry with a port allows only that port; a check that does not know the port (never the
// case for our own sockets) matches only port-less entries.
const portMatches = (only: number | undefined, port: number | undefined) => only === undefined || only === port;

/**
 * Is `address` (a literal IP in any spelling ipaddr.js accepts: dotted, decimal, hex, octal,
 * IPv6, IPv4-mapped IPv6) one Downstream may connect to? Public unicast addresses are; every
 * special range (loopback, RFC 1918 private, link-local incl. 169.254.169.254 metadata,
 * unique-local, carrier-grade NAT, unspecified, multicast, reserved, NAT64/6to4/Teredo that can
 * embed an internal IPv4) only when EGRESS_ALLOW covers it.
 */
export function isAllowedAddress(policy: EgressPolicy, address: string, port?: number): boolean {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    // process() turns ::ffff:127.0.0.1 into 127.0.0.1, so a mapped loopback is still loopback.
    parsed = ipaddr.process(bareHost(address).replace(/%.*$/, ""));
  } catch {
    return false;
  }
  const inRange = policy.ranges.some(({ net, bits, port: only }) => {
    // An IPv4 range also covers the IPv4-mapped spelling (process() already unmapped it).
    if (net.kind() !== parsed.kind() || !portMatches(only, port)) return false;
    return parsed.match(net, bits);
  });
  if (inRange) return true;
  return parsed.range() === "unicast";
}

/** A literal IP address (after URL parsing has normalized decimal/hex IPv4 spellings)? */
export const isIpLiteral = (host: string): boolean => ipaddr.isValid(bareHost(host));

/**
 * Checks a URL before any connection: http(s) only, and a literal-address host must be allowed
 * (the connect-time lookup never sees literals). Names are checked when they are resolved.
 */
export function assertEgressUrl(url: string | URL, policy = egressPolicy()): URL {
  const u = typeof url === "string" ? new URL(url) : url;
  if (u.protocol !== "https:" && u.protocol !== "http:") throw new EgressRefusedError(u.protocol.replace(/:$/, ""), "bad_scheme");
  assertEgressHost(u.hostname, urlPort(u), policy);
  return u;
}

export const urlPort = (u: URL): number => (u.port ? Number(u.port) : u.protocol === "https:" ? 443 : 80);

/** A host (name or literal) before resolution: literals are decided now, names at lookup. */
export function assertEgressHost(host: string, port: number, policy = egressPolicy()): void {
  if (host.startsWith("/")) throw new EgressRefusedError(host, "unix_socket");
  if (isAllowedHost(policy, host, port)) return;
  if (isIpLiteral(host) && !isAllowedAddress(policy, host, port)) throw new EgressRefusedError(bareHost(host), "internal_address");
}
