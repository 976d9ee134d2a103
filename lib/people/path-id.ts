/**
 * The path segment after `marker` in a URL, decoded exactly once. External ids are opaque and
 * may contain "/", "%" or spaces; reading the raw URL keeps them exactly as the client encoded
 * them, whatever the router did with its params.
 */
export function pathSegmentAfter(url: string, marker: string): string {
  const parts = new URL(url).pathname.split("/");
  const raw = parts[parts.indexOf(marker) + 1] ?? "";
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
