import NextAuth from "next-auth";
import { errorResponse } from "@/lib/api/handler";
import { authOptions } from "@/lib/auth/options";
import { AppError } from "@/lib/errors";

// Built per request so the secret is read from the environment at run time, not build time.
// next-auth parses JSON bodies itself and throws on malformed ones: answer those with a 400.
async function handler(req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) {
  try {
    return await NextAuth(req as never, { params: await ctx.params } as never, authOptions());
  } catch (e) {
    if (e instanceof SyntaxError) return errorResponse(new AppError("bad_request", `Request body is not valid JSON: ${e.message}`));
    throw e;
  }
}

export { handler as GET, handler as POST };
