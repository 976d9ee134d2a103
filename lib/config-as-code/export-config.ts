import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { loadWorkspaceConfig } from "@/lib/config-as-code/load-workspace-config";
import { serializeConfig } from "@/lib/config-as-code/serialize-config";

/** The workspace as one JSON document (stable keys, sorted, no secrets): what `config export` writes. */
export async function exportConfig(actor: Actor) {
  requireRole(actor, "viewer");
  const { doc } = await loadWorkspaceConfig();
  return { document: doc, text: serializeConfig(doc) };
}
