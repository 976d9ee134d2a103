import type { NextRequest } from "next/server";
import { json } from "@/lib/api/handler";

// Unknown management-API paths get a JSON 404, not an HTML page.
function notFound(req: NextRequest) {
  return json({ error: { code: "not_found", message: `No API route ${req.method} ${req.nextUrl.pathname}.` } }, 404);
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
