import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { SECTIONS, type ConfigDocument, type Section } from "@/lib/config-as-code/config-document";
import { diffFields, type FieldChange } from "@/lib/config-as-code/config-diff";
import { loadWorkspaceConfig, type WorkspaceConfig } from "@/lib/config-as-code/load-workspace-config";
import { parseConfig } from "@/lib/config-as-code/parse-config";
import { kindSpec } from "@/lib/destinations/destination-form";

// What applying a configuration document would change in the running workspace: a create per
// resource only in the file, an update (with its field diff) per resource that differs, a
// delete per resource only in the workspace. Deletes happen only when pruning is asked for, and
// the plan says so. A change apply could not make (a sync moved to another destination, a
// credential nobody supplies) is listed as a problem, and apply refuses the whole file.

export type ConfigChange = {
  section: Section;
  key: string;
  name: string;
  action: "create" | "update" | "delete";
  fields: FieldChange[];
  notes: string[];
  problems: string[];
  /** Deletes without pruning: listed, not done. */
  skipped: boolean;
};

export type ConfigPlan = { changes: ConfigChange[]; prune: boolean; problems: number; text: string };

const SINGULAR: Record<Section, string> = {
  segments: "segment",
  destinations: "destination",
  syncs: "sync",
  suppressionRules: "suppression rule",
};

export type ConfigOptions = {
  prune?: boolean;
  /**
   * Where credentialsFromEnv is read: the CLI passes its own environment (the engineer's, or
   * CI's). The API passes none: a request must never be able to make the server hand out the
   * variables it was started with.
   */
  env?: Env | null;
  /** An admin's reason to set syncs live with launch checklist gates open (lib/launch/go-live.ts). */
  goLiveOverride?: string;
};
export type Env = Record<string, string | undefined>;

export async function planConfig(actor: Actor, input: unknown, options: ConfigOptions = {}): Promise<ConfigPlan> {
  requireRole(actor, "editor");
  const file = parseConfig(input);
  return planChanges(file, await loadWorkspaceConfig(), options.prune ?? false, options.env ?? null);
}

export function planChanges(file: ConfigDocument, ws: WorkspaceConfig, prune: boolean, env: Env | null): ConfigPlan {
  const changes: ConfigChange[] = [];
  for (const section of SECTIONS) {
    const current = new Map((ws.doc[section] as { key: string }[]).map((e) => [e.key, e as Record<string, unknown>]));
    const wanted = file[section] as (Record<string, unknown> & { key: string; name: string })[];
    for (const entry of wanted) {
      const before = current.get(entry.key);
      const change: ConfigChange = {
        section,
        key: entry.key,
        name: entry.name,
        action: before ? "update" : "create",
        fields: [],
        notes: [],
        problems: [],
        skipped: false,
      };
      if (section === "destinations") destinationNotes(change, entry, before, ws, env);
      if (before) {
        const { key: _a, credentialsFromEnv: _b, ...was } = before;
        const { key: _c, credentialsFromEnv: _d, ...now } = entry;
        change.fields = diffFields(was, now);
        if (section === "syncs") syncProblems(change);
        if (!change.fields.length && !change.notes.length) continue;
      }
      changes.push(change);
    }
    const inFile = new Set(wanted.map((e) => e.key));
    for (const [key, entry] of current) {
      if (inFile.has(key)) continue;
      changes.push({ section, key, name: String(entry.name), action: "delete", fields: [], notes: [], problems: [], skipped: !prune });
    }
  }
  const problems = changes.reduce((n, c) => n + c.problems.length, 0);
  return { changes, prune, problems, text: formatPlan(changes, prune) };
}

/** Credentials travel as environment variable names; say which ones apply will read, and which are missing. */
function destinationNotes(
  change: ConfigChange,
  entry: Record<string, unknown>,
  before: Record<string, unknown> | undefined,
  ws: WorkspaceConfig,
  env: Env | null,
) {
  const fromEnv = (entry.credentialsFromEnv ?? {}) as Record<string, string>;
  const spec = kindSpec(entry.kind as never);
  const have = new Set(ws.credentialsSet.get(change.key) ?? []);
  const need = (field: string, why: string) => {
    const name = fromEnv[field];
    if (!name) change.problems.push(`${why}, but credentialsFromEnv names no environment variable for ${field}`);
    else if (!env)
      change.problems.push(
        `${why} from ${name}: the API does not read the server's environment; apply this with npm run cli -- config apply where ${name} is set`,
      );
    else if (!env[name]) change.problems.push(`${why}: set the environment variable ${name}`);
    else change.notes.push(`${field} from the environment variable ${name}`);
  };
  if (!before) {
    for (const f of spec.credentials) if (f.required || fromEnv[f.name]) need(f.name, `Creating it needs its ${f.label}`);
    return;
  }
  if (before.kind !== entry.kind)
    change.problems.push(`kind cannot change from ${String(before.kind)} to ${String(entry.kind)}: give the new destination its own name`);
  // Saved credentials are bound to the address they were entered for (update-destination.ts).
  const settingsBefore = (before.settings ?? {}) as Record<string, unknown>;
  const settingsAfter = (entry.settings ?? {}) as Record<string, unknown>;
  const moved = spec.addressSettings.filter((k) => String(settingsBefore[k] ?? "") !== String(settingsAfter[k] ?? ""));
  if (moved.length) {
    for (const field of have) need(field, `Changing ${moved.join(", ")} needs its ${field} again`);
    return;
  }
  for (const field of Object.keys(fromEnv).filter((f) => !have.has(f))) need(field, `Setting ${field}`);
}

function syncProblems(change: ConfigChange) {
  for (const f of change.fields) {
    // Changing either would orphan the audience already on the platform (sync-schemas.ts).
    if (f.path === "destination" || f.path === "remoteAudienceName") {
      change.problems.push(`${f.path} cannot change on an existing sync: give the sync a new name (a new key) to create it afresh`);
    }
  }
}

const show = (v: unknown) => JSON.stringify(v);

export function formatPlan(changes: ConfigChange[], prune: boolean): string {
  if (!changes.length) return "No changes: the workspace already matches the file.\n";
  const lines: string[] = [];
  const counts = { create: 0, update: 0, delete: 0 };
  for (const c of changes) {
    counts[c.action]++;
    const mark = { create: "+", update: "~", delete: "-" }[c.action];
    const tail = c.skipped ? "  (not deleted: apply deletes only with --prune)" : "";
    lines.push(`${mark} ${c.action} ${SINGULAR[c.section]} ${c.key} (“${c.name}”)${tail}`);
    for (const f of c.fields) lines.push(`    ${f.path}: ${show(f.before)} → ${show(f.after)}`);
    for (const n of c.notes) lines.push(`    note: ${n}`);
    for (const p of c.problems) lines.push(`    problem: ${p}`);
  }
  const problems = changes.reduce((n, c) => n + c.problems.length, 0);
  const skipped = changes.filter((c) => c.skipped).length;
  lines.push("");
  lines.push(
    `${counts.create} to create, ${counts.update} to update, ${counts.delete} to delete${skipped ? ` (${skipped} kept: not in the file, pass --prune to delete)` : ""}${prune ? " (pruning)" : ""}.`,
  );
  if (problems) lines.push(`${problems} problem${problems === 1 ? "" : "s"}: apply will refuse this file until they are fixed.`);
  return `${lines.join("\n")}\n`;
}
