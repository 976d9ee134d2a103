// The public origin the console is reached at, for the URLs shown next to source credentials.
// Behind a proxy the forwarded headers say what the browser used; NEXTAUTH_URL is the fallback.
export function requestOrigin(headers: Headers, fallback?: string): string {
  const host = headers.get("x-forwarded-host") ?? headers.get("host");
  const proto =
    headers.get("x-forwarded-proto")?.split(",")[0]?.trim() ??
    (host?.startsWith("localhost") || host?.startsWith("127.") ? "http" : "https");
  if (host) return `${proto}://${host}`;
  return (fallback ?? process.env.NEXTAUTH_URL ?? "http://localhost:3000").replace(/\/+$/, "");
}
