import net from "node:net";
import { createEgressLookup } from "@/lib/egress/egress-lookup";
import { assertEgressHost, EgressRefusedError } from "@/lib/egress/egress-policy";

// A TCP socket under the egress policy, for clients that are not fetch (pg's `stream` option:
// the warehouse connector). pg calls socket.connect(port, host), or connect(path) for a Unix
// socket; either way the policy decides at connect time, against the resolved address.

export function egressSocket(): net.Socket {
  const socket = new net.Socket();
  const connect = socket.connect.bind(socket) as (options: net.TcpSocketConnectOpts) => net.Socket;
  (socket as { connect: unknown }).connect = (portOrPath: number | string, host?: string) => {
    try {
      if (host === undefined && typeof portOrPath === "string" && !/^\d+$/.test(portOrPath))
        throw new EgressRefusedError(portOrPath, "unix_socket");
      const port = Number(portOrPath);
      const target = host || "localhost";
      assertEgressHost(target, port);
      return connect({ port, host: target, lookup: createEgressLookup({ port }) });
    } catch (e) {
      // Reported like any connection error (an 'error' event), which is how pg expects failures.
      process.nextTick(() => socket.destroy(e as Error));
      return socket;
    }
  };
  return socket;
}
