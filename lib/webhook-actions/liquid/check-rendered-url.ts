import { hasMarkerDelimiter, MASK } from "@/lib/webhook-actions/liquid/secret-markers";
import type { TemplateProblem } from "@/lib/webhook-actions/liquid/template-problem";

const MARKER = /\uE000secret:[A-Za-z0-9_]+\uE001/g;
const LOCAL_HOSTS = /^(localhost|127\.0\.0\.1|\[::1\])$|\.localhost$/i;

/**
 * A rendered URL must be absolute and https (plain http only for localhost, where tests and a local
 * receiver live). The scheme and host must be written in the template or come from the person's
 * data, never from a secret (the host is where credentials go, so it must be visible). A user name
 * or password in the URL must come from secrets: one typed into the template or printed from
 * an attribute would be stored and shown in clear.
 */
export function checkRenderedUrl(url: string): TemplateProblem[] {
  const problem = (message: string): TemplateProblem[] => [{ field: "url", message }];
  const shown = url.replace(MARKER, MASK);
  if (url === "") return problem("The URL renders as nothing. Start it with https://");
  const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(url)?.[1];
  if (authority === undefined) return problem(`The URL renders as "${clip(shown)}", which is not a full address starting with https://`);
  const at = authority.lastIndexOf("@");
  const userinfo = at === -1 ? "" : authority.slice(0, at);
  const host = authority.slice(at + 1);
  if (hasMarkerDelimiter(host))
    return problem(
      "The URL's host cannot come from a secret; write the host in the URL and use secrets in the path, query or credentials.",
    );
  let parsed: URL;
  try {
    parsed = new URL(url.replace(MARKER, "secret"));
  } catch {
    return problem(`The URL renders as "${clip(shown)}", which is not a valid address.`);
  }
  if (parsed.protocol === "http:" && !LOCAL_HOSTS.test(parsed.hostname))
    return problem("The URL must use https:// (plain http:// is only allowed for localhost).");
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return problem("The URL must start with https://");
  if (userinfo && userinfo.replace(MARKER, "").replace(/:/g, "") !== "")
    return problem(
      "The URL has a user name or password written in it; put them in secrets: https://{{ secrets.user }}:{{ secrets.password }}@host/…",
    );
  return [];
}

const clip = (s: string) => (s.length > 120 ? `${s.slice(0, 117)}…` : s);
