import { timingSafeEqual } from "node:crypto";
import { authenticateBearer } from "@/lib/auth/api-tokens";
import { requireRole } from "@/lib/auth/require-role";
import { currentActor } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";

// Who may steer the mounted emulators (/api/sandbox/<platform>/_sandbox/…: fault injection,
// config, read-back of every uploaded hash, reset). The platform API itself stays open in demo
// mode, as a platform's is to anyone holding a token, but the control surface can wipe the demo
// or read its audiences, so it needs a signed-in editor or admin (session or API token), or the
// operator's SANDBOX_CONTROL_TOKEN in the x-sandbox-control-token header (scripts, benchmarks).

export const SANDBOX_CONTROL_HEADER = "x-sandbox-control-token";

export type ControlAccess = { ok: true } | { ok: false; status: 401 | 403; message: string };

function tokenMatches(given: string | null): boolean {
  const expected = process.env.SANDBOX_CONTROL_TOKEN;
  if (!expected || !given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function sandboxControlAccess(req: Request): Promise<ControlAccess> {
  if (tokenMatches(req.headers.get(SANDBOX_CONTROL_HEADER))) return { ok: true };
  try {
    const authorization = req.headers.get("authorization");
    const actor = authorization ? await authenticateBearer(authorization) : await sessionActor();
    if (!actor)
      return {
        ok: false,
        status: 401,
        message: "Sign in as an editor or admin (or send the sandbox control token) to use the sandbox controls.",
      };
    requireRole(actor, "editor");
    return { ok: true };
  } catch (e) {
    if (!isAppError(e)) throw e;
    return e.code === "forbidden"
      ? { ok: false, status: 403, message: "The sandbox controls need the editor or admin role." }
      : { ok: false, status: 401, message: e.message };
  }
}

/** The session cookie's actor; outside a Next request (tests, scripts) there is none. */
async function sessionActor() {
  try {
    return await currentActor();
  } catch {
    return null;
  }
}
