import { NextResponse, type NextRequest } from "next/server";

// Passes the requested path to server components so a signed-out visitor who opens a deep
// link is sent back there after signing in (see requirePageActor).
export function proxy(req: NextRequest) {
  const headers = new Headers(req.headers);
  headers.set("x-downstream-path", req.nextUrl.pathname + req.nextUrl.search);
  return NextResponse.next({ request: { headers } });
}

export const config = { matcher: ["/((?!api|_next|favicon.ico).*)"] };
