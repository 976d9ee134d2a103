import { emulatorFor, sandboxMountPath, type EmulatorSlug } from "@/lib/sandbox/emulators";
import { sandboxControlAccess } from "@/lib/sandbox/sandbox-control-access";

// Platform emulators (Meta, Google Ads, TikTok) mounted at /api/sandbox/<platform>/…, in demo
// mode only; everywhere else this is a JSON 404, so production never exposes them. Their
// control surface (…/_sandbox/…) needs an editor or admin, or the sandbox control token.
export const dynamic = "force-dynamic";

type RouteContext = { params: Promise<{ platform: string; path?: string[] }> };

const demoMode = () => ["1", "true"].includes(process.env.DEMO_MODE ?? "");

async function handle(req: Request, ctx: RouteContext): Promise<Response> {
  const { platform, path } = await ctx.params;
  const handler = demoMode() ? emulatorFor(platform, sandboxMountPath(platform as EmulatorSlug)) : undefined;
  if (!handler) {
    return Response.json(
      { error: { code: "not_found", message: `No API route ${req.method} ${new URL(req.url).pathname}.` } },
      { status: 404 },
    );
  }
  if (path?.[0] === "_sandbox") {
    const access = await sandboxControlAccess(req);
    if (!access.ok)
      return Response.json(
        { error: { code: access.status === 401 ? "unauthorized" : "forbidden", message: access.message } },
        { status: access.status },
      );
  }
  return handler(req);
}

export { handle as GET, handle as POST, handle as DELETE, handle as PATCH };
