/** Where to go after signing in: only same-site paths, since an open redirect is a phishing aid. */
export function safeCallback(value: string | string[] | null | undefined): string {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return "/";
  try {
    // next-auth may send an absolute URL on this origin; keep only the path.
    const url = new URL(v, "http://localhost");
    const path = url.pathname + url.search + url.hash;
    return path.startsWith("/") && !path.startsWith("//") && !path.startsWith("/login") ? path : "/";
  } catch {
    return "/";
  }
}
