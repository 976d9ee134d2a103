import dns from "node:dns";
import type { LookupFunction } from "node:net";
import { EgressRefusedError, egressPolicy, isAllowedAddress, isAllowedHost, type EgressPolicy } from "@/lib/egress/egress-policy";

// A drop-in for dns.lookup that sockets call at connect time (undici's connector, net.connect,
// pg's socket): it resolves the name and hands the socket only addresses the egress policy
// allows, so the address checked is the address connected to (DNS rebinding cannot slip between
// a check and the connection).

export type Resolver = (
  hostname: string,
  options: dns.LookupAllOptions,
  callback: (err: NodeJS.ErrnoException | null, addresses: dns.LookupAddress[]) => void,
) => void;

const systemResolver: Resolver = (hostname, options, callback) => dns.lookup(hostname, options, callback);

/**
 * `port`: the port the socket will connect to (entries like "localhost:3000" allow only it).
 * `policy` is read per call by default, so EGRESS_ALLOW changes (tests) apply at once.
 */
export function createEgressLookup(opts: { port?: number; policy?: () => EgressPolicy; resolve?: Resolver } = {}): LookupFunction {
  const policyOf = opts.policy ?? egressPolicy;
  const resolve = opts.resolve ?? systemResolver;
  return (hostname, options, callback) => {
    const policy = policyOf();
    const family = typeof options === "number" ? options : options?.family;
    const fam = family === "IPv4" ? 4 : family === "IPv6" ? 6 : ((family as 0 | 4 | 6 | undefined) ?? 0);
    resolve(hostname, { all: true, family: fam }, (err, addresses) => {
      if (err) return callback(err, "", 0);
      const trusted = isAllowedHost(policy, hostname, opts.port);
      // A name with any internal answer is refused outright rather than trimmed to its public
      // ones: mixed answers are how rebinding services steer a client to 127.0.0.1 on a retry.
      if (!addresses.length || (!trusted && addresses.some((a) => !isAllowedAddress(policy, a.address, opts.port)))) {
        return callback(new EgressRefusedError(hostname, "internal_address") as NodeJS.ErrnoException, "", 0);
      }
      if (typeof options === "object" && options?.all)
        return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}
