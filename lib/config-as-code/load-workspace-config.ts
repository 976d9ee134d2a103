import { CONFIG_VERSION, type ConfigDocument } from "@/lib/config-as-code/config-document";
import { idsToKeys } from "@/lib/config-as-code/segment-refs";
import { assignKeys } from "@/lib/config-as-code/stable-key";
import { db } from "@/lib/db";
import { credentialFieldsSet } from "@/lib/destinations/destination-credentials";
import { storedDefinition } from "@/lib/segments/store";

// The running workspace as a configuration document, plus the key → id maps plan and apply
// need. Archived segments are left out (nothing new may use them). Secrets never leave:
// a destination says which credentials it has only by naming the environment variables a
// file applied elsewhere should read them from.

export type WorkspaceConfig = {
  doc: ConfigDocument;
  ids: {
    segments: Map<string, string>;
    destinations: Map<string, string>;
    syncs: Map<string, string>;
    suppressionRules: Map<string, string>;
  };
  /** Destination key → credential fields that hold a value. */
  credentialsSet: Map<string, string[]>;
};

const oldestFirst = [{ createdAt: "asc" as const }, { id: "asc" as const }];
const byKey = <T extends { key: string }>(list: T[]) => list.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
const invert = (m: Map<string, string>) => new Map([...m].map(([id, key]) => [key, id]));

/** DESTINATION_META_ADS_ACCESS_TOKEN for destination "meta-ads", field accessToken. */
export function defaultEnvName(destinationKey: string, field: string): string {
  return `DESTINATION_${destinationKey}_${field.replace(/([a-z0-9])([A-Z])/g, "$1_$2")}`.replace(/-/g, "_").toUpperCase();
}

export async function loadWorkspaceConfig(): Promise<WorkspaceConfig> {
  const [segments, destinations, syncs, rules] = await Promise.all([
    db().segment.findMany({ where: { archivedAt: null }, orderBy: oldestFirst }),
    db().destination.findMany({ orderBy: oldestFirst }),
    db().sync.findMany({ orderBy: oldestFirst }),
    db().suppressionRule.findMany({ orderBy: oldestFirst, include: { syncs: { select: { syncId: true } } } }),
  ]);
  const segmentKey = assignKeys(segments);
  const destinationKey = assignKeys(destinations);
  const syncKey = assignKeys(syncs);
  const ruleKey = assignKeys(rules);
  const credentialsSet = new Map(destinations.map((d) => [destinationKey.get(d.id)!, credentialFieldsSet(d.credentialsEnc).sort()]));

  const doc: ConfigDocument = {
    version: CONFIG_VERSION,
    segments: byKey(
      segments.map((s) => ({
        key: segmentKey.get(s.id)!,
        name: s.name,
        description: s.description,
        refreshIntervalMinutes: s.refreshIntervalMinutes,
        // A definition an older version wrote that no longer parses is exported as stored: apply refuses it, naming the path.
        definition: idsToKeys(storedDefinition(s.definition) ?? s.definition, (id) => segmentKey.get(id)) as Record<string, unknown>,
      })),
    ),
    destinations: byKey(
      destinations.map((d) => {
        const key = destinationKey.get(d.id)!;
        return {
          key,
          name: d.name,
          kind: d.kind,
          settings: (d.settings ?? {}) as Record<string, unknown>,
          credentialsFromEnv: Object.fromEntries(credentialsSet.get(key)!.map((f) => [f, defaultEnvName(key, f)])),
        };
      }),
    ),
    syncs: byKey(
      syncs.map((s) => ({
        key: syncKey.get(s.id)!,
        name: s.name,
        // A sync on an archived segment keeps its id: visible, and refused on apply.
        segment: segmentKey.get(s.segmentId) ?? s.segmentId,
        destination: destinationKey.get(s.destinationId)!,
        remoteAudienceName: s.remoteAudienceName ?? s.name,
        identifiers: s.identifiers,
        mode: s.mode,
        scheduleCron: s.scheduleCron,
        intervalMinutes: s.intervalMinutes,
        capDays: s.capDays,
        holdoutPercent: s.holdoutPercent,
        promotional: s.promotional,
        state: s.state,
      })),
    ),
    suppressionRules: byKey(
      rules.map((r) => ({
        key: ruleKey.get(r.id)!,
        name: r.name,
        segment: segmentKey.get(r.segmentId) ?? r.segmentId,
        scope: r.scope,
        syncs: r.syncs.map((x) => syncKey.get(x.syncId)!).sort(),
        enabled: r.enabled,
      })),
    ),
  };
  return {
    doc,
    ids: { segments: invert(segmentKey), destinations: invert(destinationKey), syncs: invert(syncKey), suppressionRules: invert(ruleKey) },
    credentialsSet,
  };
}
