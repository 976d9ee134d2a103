import { NextResponse, type NextRequest } from "next/server";
import { unstorableInUrl } from "@/lib/http/unstorable-url";

// Passes the requested path to server components so a signed-out visitor who opens a deep
// link is sent back there after signing in (see requirePageActor).
export function proxy(req: NextRequest) {
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

export const config = { matcher: ["/((?!api|_next|favicon.ico).*)"] };
