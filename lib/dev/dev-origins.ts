import os from "node:os";

// Where `npm run dev` can be opened from. Next's dev server refuses its own scripts (HMR, chunks)
// to any origin but localhost unless `allowedDevOrigins` lists it, so the page never hydrates
// at http://127.0.0.1:PORT or at a LAN address. These are this machine's own addresses, so
// allowing them lets in no other site. No imports beyond node: next.config.ts loads this file.

/** The host `next dev` binds to: loopback unless HOST says otherwise (e.g. HOST=0.0.0.0 for the LAN). */
export function devHost(env: NodeJS.ProcessEnv = process.env): string {
  return env.HOST?.trim() || "127.0.0.1";
}

const isAllInterfaces = (host: string) => host === "0.0.0.0" || host === "::";

/** This machine's interface addresses (IPv4 and IPv6, loopback included). */
export function interfaceAddresses(): string[] {
  return Object.values(os.networkInterfaces())
    .flat()
    .filter((a): a is os.NetworkInterfaceInfo => !!a)
    .map((a) => a.address);
}

/** Hostnames for `allowedDevOrigins`: loopback names, every local address and HOST itself. */
export function allowedDevOrigins(env: NodeJS.ProcessEnv = process.env): string[] {
  const host = devHost(env);
  const names = new Set(["localhost", "127.0.0.1", "[::1]", ...interfaceAddresses().map((a) => (a.includes(":") ? `[${a}]` : a))]);
  if (!isAllInterfaces(host)) names.add(host.includes(":") ? `[${host}]` : host);
  return [...names];
}

/** The URLs to print: the ones that work for the chosen binding. */
export function devUrls(port: number, env: NodeJS.ProcessEnv = process.env): string[] {
  const host = devHost(env);
  if (!isAllInterfaces(host)) return [`http://${host.includes(":") ? `[${host}]` : host}:${port}`];
  const lan = interfaceAddresses().filter((a) => !a.includes(":") && !a.startsWith("127."));
  return [`http://127.0.0.1:${port}`, ...lan.map((a) => `http://${a}:${port}`)];
}
