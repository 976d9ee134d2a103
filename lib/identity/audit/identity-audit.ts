import { classifyUnexplainedEmails } from "@/lib/identity/audit/classify-emails";
import { coverage, segmentCoverage, type Coverage, type SegmentCoverage } from "@/lib/identity/audit/coverage";
import {
  duplicates,
  invalidFormats,
  normalizationChanges,
  type Change,
  type Duplicates,
  type InvalidFormat,
} from "@/lib/identity/audit/formats";
import { coverageTrend, recordSnapshot, type TrendPoint } from "@/lib/identity/audit/snapshots";
import { defaultCountry } from "@/lib/identity/default-country";

// The identity audit: how many people can be matched, why the rest cannot, what normalization
// changed, who collides once normalized, and the trend. It tells a marketer what match rate to
// expect before a sync. Mostly trigger-kept counts now, with examples read by index; a result is
// still reused for a minute.

export type IdentityAudit = {
  generatedAt: Date;
  defaultCountry: string;
  coverage: Coverage;
  segments: SegmentCoverage[];
  invalid: { email: InvalidFormat[]; phone: InvalidFormat[] };
  normalization: { unchanged: { email: number; phone: number }; changes: Change[] };
  duplicates: { email: Duplicates; phone: Duplicates };
  trend: TrendPoint[];
};

const CACHE_MS = 60_000;
let cached: { at: number; value: Promise<IdentityAudit> } | undefined;

async function compute(): Promise<IdentityAudit> {
  await classifyUnexplainedEmails();
  const [cov, segments, invalidEmail, invalidPhone, normalization, dupEmail, dupPhone, country] = await Promise.all([
    coverage(),
    segmentCoverage(),
    invalidFormats("email"),
    invalidFormats("phone"),
    normalizationChanges(),
    duplicates("email"),
    duplicates("phone"),
    defaultCountry(),
  ]);
  await recordSnapshot(cov);
  return {
    generatedAt: new Date(),
    defaultCountry: country,
    coverage: cov,
    segments,
    invalid: { email: invalidEmail, phone: invalidPhone },
    normalization,
    duplicates: { email: dupEmail, phone: dupPhone },
    trend: await coverageTrend(),
  };
}

export function identityAudit({ fresh = false }: { fresh?: boolean } = {}): Promise<IdentityAudit> {
  if (!fresh && cached && Date.now() - cached.at < CACHE_MS) return cached.value;
  const value = compute();
  cached = { at: Date.now(), value };
  value.catch(() => (cached = undefined));
  return value;
}
