import { NextResponse, type NextRequest } from "next/server";
import { unstorableInUrl } from "@/lib/http/unstorable-url";

// Passes the requested path to server components so a signed-out visitor who opens a deep
// link is sent back there after signing in (see requirePageActor).
// Also Next's trailing-slash redirect (off in next.config.ts: skipTrailingSlashRedirect) for
// everything except the platform emulators, whose paths are the platforms' own ("user/info/").
export function proxy(req: NextRequest) {
  const { pathname } = req.nextUrl;
  if (pathname.length > 1 && pathname.endsWith("/") && !pathname.startsWith("/api/sandbox/")) {
    // A plain URL: NextURL would put the slash back when formatting (it remembers it was there).
    const url = new URL(req.url);
    url.pathname = pathname.replace(/\/+$/, "") || "/";
    return NextResponse.redirect(url, 308);
  }
  // API routes only needed the redirect above; they read no header set here.
  if (pathname === "/api" || pathname.startsWith("/api/")) return NextResponse.next();
  // Refused before any page reads it into a query (lib/http/unstorable-url.ts).
  const unusable = unstorableInUrl(new URL(req.url));
  if (unusable)
    return new NextResponse(`Bad request: ${unusable} contains a character no page uses (NUL).`, {
      status: 400,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  const headers = new Headers(req.headers);
  headers.set("x-downstream-path", req.nextUrl.pathname + req.nextUrl.search);
  return NextResponse.next({ request: { headers } });
}

// API routes too, for the trailing-slash redirect; Next's own assets never end in "/".
export const config = { matcher: ["/((?!_next|favicon.ico).*)"] };
