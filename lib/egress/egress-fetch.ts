import { Agent, buildConnector, fetch as undiciFetch } from "undici";
import { createEgressLookup } from "@/lib/egress/egress-lookup";
import { assertEgressUrl } from "@/lib/egress/egress-policy";

// fetch under the egress policy: literal-address URLs are checked before anything is sent, names
// are checked at connect time by the connector's lookup, and redirects are never followed (a 307
// re-sends the body and Authorization header to wherever the server points, including hosts the
// policy refused at save). A 3xx comes back to the caller as an answer, to be reported as such.

// One connector per port, since allow entries may name a port ("localhost:3000").
const connectors = new Map<number, buildConnector.connector>();
function connectorFor(port: number): buildConnector.connector {
  let c = connectors.get(port);
  if (!c) {
    c = buildConnector({ lookup: createEgressLookup({ port }) } as buildConnector.BuildOptions);
    connectors.set(port, c);
  }
  return c;
}

const agent = new Agent({
  connect: (opts, callback) => {
    const port = Number(opts.port) || (opts.protocol === "https:" ? 443 : 80);
    return connectorFor(port)(opts, callback);
  },
});

export const egressFetch: typeof fetch = async (input, init) => {
  const url = input instanceof Request ? input.url : String(input);
  assertEgressUrl(url);
  // undici's own fetch, so its Agent (and our lookup) is the one that connects.
  const own =
    input instanceof Request
      ? { method: input.method, headers: input.headers, body: input.body ? await input.arrayBuffer() : undefined, signal: input.signal }
      : {};
  return (await undiciFetch(url, { ...own, ...(init as object), redirect: "manual", dispatcher: agent } as Parameters<
    typeof undiciFetch
  >[1])) as unknown as Response;
};
