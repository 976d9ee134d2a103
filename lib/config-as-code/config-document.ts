import { z } from "zod";
import { DESTINATION_KINDS } from "@/lib/destinations/destination-schemas";
import { KEY_PATTERN } from "@/lib/config-as-code/stable-key";

// The configuration document: the whole workspace's segments, destinations, syncs and
// suppression rules as data, referring to each other by stable key (lib/config-as-code/
// stable-key.ts), never by database id. Every object is strict, so a misspelt field is
// refused with its path instead of silently ignored. Field values are checked again by the
// domain schemas they feed (segment definition, connector settings, sync and rule inputs):
// this schema owns only the document's shape.

export const CONFIG_VERSION = 1;

const key = z.string().regex(KEY_PATTERN, "A key is lower-case letters and digits joined by single hyphens, e.g. vip-buyers");
const ref = (what: string) => z.string().min(1, `Name the ${what} by its key`);

export const segmentEntry = z
  .object({
    key,
    name: z.string(),
    description: z.string().nullable().default(null),
    refreshIntervalMinutes: z.number().int().default(15),
    /** The segment definition language (lib/segments/definition.ts); "in segment" rules name the other segment's key in `segment`. */
    definition: z.record(z.string(), z.unknown()),
  })
  .strict();

export const destinationEntry = z
  .object({
    key,
    name: z.string(),
    kind: z.enum(DESTINATION_KINDS),
    /** The connector's settings (never secrets). */
    settings: z.record(z.string(), z.unknown()).default({}),
    /** Credential field → the environment variable holding its value when apply needs it. */
    credentialsFromEnv: z
      // Only DESTINATION_… variables: otherwise a file (or an API caller) could have the server
      // send its own secrets (ENCRYPTION_KEY, DATABASE_URL) to a receiver as a credential.
      .record(
        z.string(),
        z
          .string()
          .regex(
            /^DESTINATION_[A-Z0-9_]+$/,
            "Credentials are read only from environment variables named DESTINATION_…, e.g. DESTINATION_META_ACCESS_TOKEN",
          ),
      )
      .default({}),
  })
  .strict();

export const syncEntry = z
  .object({
    key,
    name: z.string(),
    segment: ref("segment"),
    destination: ref("destination"),
    remoteAudienceName: z.string(),
    identifiers: z.array(z.string()).default(["email"]),
    mode: z.enum(["mirror", "add_only"]).default("mirror"),
    scheduleCron: z.string().nullable().default(null),
    intervalMinutes: z.number().int().default(15),
    capDays: z.number().int().nullable().default(null),
    holdoutPercent: z.number().int().default(0),
    promotional: z.boolean().default(true),
    state: z.enum(["draft", "live", "paused"]).default("draft"),
  })
  .strict();

export const suppressionRuleEntry = z
  .object({
    key,
    name: z.string(),
    segment: ref("segment"),
    scope: z.enum(["all_promotional", "selected"]).default("all_promotional"),
    /** With scope "selected": the syncs it applies to, by key. */
    syncs: z.array(ref("sync")).default([]),
    enabled: z.boolean().default(true),
  })
  .strict();

export const configDocument = z
  .object({
    version: z.literal(CONFIG_VERSION),
    segments: z.array(segmentEntry).default([]),
    destinations: z.array(destinationEntry).default([]),
    syncs: z.array(syncEntry).default([]),
    suppressionRules: z.array(suppressionRuleEntry).default([]),
  })
  .strict();

export type ConfigDocument = z.output<typeof configDocument>;
export type SegmentEntry = z.output<typeof segmentEntry>;
export type DestinationEntry = z.output<typeof destinationEntry>;
export type SyncEntry = z.output<typeof syncEntry>;
export type SuppressionRuleEntry = z.output<typeof suppressionRuleEntry>;

/** The four sections, in the order apply creates them (each may refer only to earlier ones). */
export const SECTIONS = ["segments", "destinations", "syncs", "suppressionRules"] as const;
export type Section = (typeof SECTIONS)[number];
