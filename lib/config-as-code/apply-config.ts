import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { recordAudit } from "@/lib/audit";
import type { ConfigDocument, DestinationEntry, SegmentEntry, SuppressionRuleEntry, SyncEntry } from "@/lib/config-as-code/config-document";
import { loadWorkspaceConfig, type WorkspaceConfig } from "@/lib/config-as-code/load-workspace-config";
import { parseConfig } from "@/lib/config-as-code/parse-config";
import { planChanges, type ConfigChange, type ConfigOptions, type ConfigPlan, type Env } from "@/lib/config-as-code/plan-config";
import { keysToIds, segmentKeyRefs } from "@/lib/config-as-code/segment-refs";
import { db } from "@/lib/db";
import { createDestination } from "@/lib/destinations/create-destination";
import { deleteDestination } from "@/lib/destinations/delete-destination";
import { updateDestination } from "@/lib/destinations/update-destination";
import { AppError } from "@/lib/errors";
import { createSegment } from "@/lib/segments/create-segment";
import { deleteSegment } from "@/lib/segments/delete-segment";
import { updateSegment } from "@/lib/segments/update-segment";
import { createSuppressionRule, deleteSuppressionRule, updateSuppressionRule } from "@/lib/suppression/save-suppression-rule";
import { createSync } from "@/lib/sync/create-sync";
import { deleteSync } from "@/lib/sync/delete-sync";
import { setSyncState, updateSync } from "@/lib/sync/update-sync";

// Makes the workspace match a configuration document, through the same domain functions the
// console and the API use (so roles, validation and the audit log apply to every step), in
// dependency order: segments (each after the segments it refers to), destinations, syncs,
// suppression rules; then, only when pruning, deletes in the reverse order. Only what the plan
// lists is touched, so applying the same file twice changes nothing the second time. A plan
// with problems is refused before anything changes. Each step commits on its own: if one is
// refused part-way (a segment still used elsewhere), the earlier steps stay, and the next plan
// shows what is left.

export type ApplyResult = { plan: ConfigPlan; applied: number };

export async function applyConfig(actor: Actor, input: unknown, options: ConfigOptions = {}): Promise<ApplyResult> {
  requireRole(actor, "editor");
  const file = parseConfig(input);
  const ws = await loadWorkspaceConfig();
  const env = options.env ?? null;
  const plan = planChanges(file, ws, options.prune ?? false, env);
  if (plan.problems) {
    const list = plan.changes.flatMap((c) => c.problems.map((p) => ({ path: `${c.section}.${c.key}`, message: p })));
    throw new AppError(
      "validation_failed",
      `The configuration cannot be applied: ${list.map((i) => `${i.path}: ${i.message}`).join("; ")}`,
      { issues: list },
    );
  }
  const todo = plan.changes.filter((c) => !c.skipped);
  if (!todo.length) return { plan, applied: 0 };
  const steps = new Steps(actor, file, ws, todo, env ?? {}, options.goLiveOverride);
  await steps.run();
  await db().$transaction((tx) =>
    recordAudit(tx, actor, {
      action: "config.applied",
      entityType: "configuration",
      after: { prune: plan.prune, changes: todo.map((c) => ({ section: c.section, key: c.key, action: c.action })) },
    }),
  );
  return { plan, applied: todo.length };
}

class Steps {
  private readonly ids: WorkspaceConfig["ids"];
  private readonly wanted: Map<string, ConfigChange>;

  constructor(
    private readonly actor: Actor,
    private readonly file: ConfigDocument,
    private readonly ws: WorkspaceConfig,
    todo: ConfigChange[],
    private readonly env: Env,
    private readonly goLiveOverride?: string,
  ) {
    this.ids = {
      segments: new Map(ws.ids.segments),
      destinations: new Map(ws.ids.destinations),
      syncs: new Map(ws.ids.syncs),
      suppressionRules: new Map(ws.ids.suppressionRules),
    };
    this.wanted = new Map(todo.map((c) => [`${c.section}/${c.key}`, c]));
  }

  private change(section: ConfigChange["section"], key: string) {
    return this.wanted.get(`${section}/${key}`);
  }

  async run() {
    for (const s of dependencyOrder(this.file.segments)) await this.segment(s);
    for (const d of this.file.destinations) await this.destination(d);
    for (const s of this.file.syncs) await this.sync(s);
    for (const r of this.file.suppressionRules) await this.rule(r);
    const deletes = [...this.wanted.values()].filter((c) => c.action === "delete");
    const of = (section: ConfigChange["section"]) => deletes.filter((c) => c.section === section).map((c) => this.ids[section].get(c.key)!);
    for (const id of of("suppressionRules")) await deleteSuppressionRule(this.actor, id);
    for (const id of of("syncs")) await deleteSync(this.actor, id);
    for (const id of of("destinations")) await deleteDestination(this.actor, id);
    // Dependents first: a segment cannot be deleted while another one refers to it.
    const doomed = new Set(deletes.filter((c) => c.section === "segments").map((c) => c.key));
    for (const s of dependencyOrder(this.ws.doc.segments).reverse())
      if (doomed.has(s.key)) await deleteSegment(this.actor, this.ids.segments.get(s.key)!);
  }

  private async segment(s: SegmentEntry) {
    const change = this.change("segments", s.key);
    if (!change) return;
    const input = {
      name: s.name,
      description: s.description,
      refreshIntervalMinutes: s.refreshIntervalMinutes,
      definition: keysToIds(s.definition, (key) => this.ids.segments.get(key) ?? key),
    };
    if (change.action === "create") this.ids.segments.set(s.key, (await createSegment(this.actor, input)).segment.id);
    else await updateSegment(this.actor, this.ids.segments.get(s.key)!, input);
  }

  private async destination(d: DestinationEntry) {
    const change = this.change("destinations", d.key);
    if (!change) return;
    // Only the variables the plan found needed are read (a note names each one).
    const credentials = Object.fromEntries(
      Object.entries(d.credentialsFromEnv)
        .filter(([field]) => change.notes.some((n) => n.startsWith(`${field} from`)))
        .map(([field, name]) => [field, this.env[name]]),
    );
    if (change.action === "create") {
      this.ids.destinations.set(
        d.key,
        (await createDestination(this.actor, { name: d.name, kind: d.kind, settings: d.settings, credentials })).id,
      );
      return;
    }
    // Settings only when they changed: sending them clears the last connection test.
    const settingsChanged = change.fields.some((f) => f.path.startsWith("settings"));
    await updateDestination(this.actor, this.ids.destinations.get(d.key)!, {
      name: d.name,
      ...(settingsChanged && { settings: d.settings }),
      credentials,
    });
  }

  private async sync(s: SyncEntry) {
    const change = this.change("syncs", s.key);
    if (!change) return;
    const segmentId = this.ids.segments.get(s.segment)!;
    const fields = {
      name: s.name,
      segmentId,
      identifiers: s.identifiers as ("email" | "phone" | "external_id")[],
      mode: s.mode,
      scheduleCron: s.scheduleCron,
      intervalMinutes: s.intervalMinutes,
      capDays: s.capDays,
      holdoutPercent: s.holdoutPercent,
      promotional: s.promotional,
    };
    if (change.action === "create") {
      const sync = await createSync(this.actor, {
        ...fields,
        destinationId: this.ids.destinations.get(s.destination)!,
        remoteAudienceName: s.remoteAudienceName,
        state: s.state === "paused" ? "draft" : s.state,
        ...(s.state === "live" && { override: this.goLiveOverride }),
      });
      this.ids.syncs.set(s.key, sync.id);
      if (s.state === "paused") await setSyncState(this.actor, sync.id, { state: "paused" });
      return;
    }
    const id = this.ids.syncs.get(s.key)!;
    if (change.fields.some((f) => f.path !== "state")) await updateSync(this.actor, id, fields);
    if (change.fields.some((f) => f.path === "state"))
      await setSyncState(this.actor, id, { state: s.state, override: this.goLiveOverride });
  }

  private async rule(r: SuppressionRuleEntry) {
    const change = this.change("suppressionRules", r.key);
    if (!change) return;
    const input = {
      name: r.name,
      segmentId: this.ids.segments.get(r.segment)!,
      scope: r.scope,
      syncIds: r.syncs.map((k) => this.ids.syncs.get(k)!),
      enabled: r.enabled,
    };
    if (change.action === "create") this.ids.suppressionRules.set(r.key, (await createSuppressionRule(this.actor, input)).id);
    else await updateSuppressionRule(this.actor, this.ids.suppressionRules.get(r.key)!, input);
  }
}

/** Segments ordered so each comes after the segments it refers to; ties by key (the file's order). */
function dependencyOrder(segments: SegmentEntry[]): SegmentEntry[] {
  const byKey = new Map(segments.map((s) => [s.key, s]));
  const out: SegmentEntry[] = [];
  const seen = new Set<string>();
  const visit = (s: SegmentEntry) => {
    if (seen.has(s.key)) return;
    seen.add(s.key);
    for (const ref of segmentKeyRefs(s.definition)) {
      const dep = typeof ref.key === "string" ? byKey.get(ref.key) : undefined;
      if (dep) visit(dep);
    }
    out.push(s);
  };
  segments.forEach(visit);
  return out;
}
