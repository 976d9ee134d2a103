import type { Metadata } from "next";
import Link from "next/link";
import { CoverageTrendChart } from "@/components/charts/coverage-trend-chart";
import { PageHeader } from "@/components/layout/page-header";
import { StatCard } from "@/components/overview/stat-card";
import { DuplicateList, InvalidFormats, NormalizationChanges, SegmentCoverageTable } from "@/components/people/audit-sections";
import { CoverageBar } from "@/components/people/coverage-bar";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { formatNumber, formatPercent, formatTimestamp } from "@/components/ui/format";
import { pageActor } from "@/lib/auth/page-actor";
import { identityAudit } from "@/lib/identity/audit/identity-audit";

export const metadata: Metadata = { title: "Identity audit" };

const pct = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 10 : 0);

export default async function IdentityPage() {
  await pageActor();
  const a = await identityAudit();
  const c = a.coverage;
  const trend = a.trend.map((t) => ({
    day: t.day,
    email: pct(t.withEmail, t.profiles),
    phone: pct(t.withValidPhone, t.profiles),
    externalId: t.withExternalId === null ? null : pct(t.withExternalId, t.profiles),
  }));
  return (
    <>
      <PageHeader
        title="Identity audit"
        description="How many people an ad platform can match, why the rest can't, and what normalization did on the way in. Check it before a sync to know what match rate to expect."
      />
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        <StatCard
          label="Matchable people"
          value={formatPercent(c.matchable, c.profiles)}
          detail={`${formatNumber(c.matchable)} of ${formatNumber(c.profiles)} have a usable email or phone`}
        />
        <StatCard
          label="Valid email"
          value={formatPercent(c.email.valid, c.profiles)}
          detail={`${formatNumber(c.email.invalid)} invalid, ${formatNumber(c.email.prehashed)} pre-hashed`}
        />
        <StatCard
          label="Valid phone"
          value={formatPercent(c.phone.valid, c.profiles)}
          detail={`${formatNumber(c.phone.invalid)} invalid · default country ${a.defaultCountry}`}
        />
        <StatCard
          label="External id"
          value={formatPercent(c.withExternalId, c.profiles)}
          detail={c.testProfiles ? `${formatNumber(c.testProfiles)} test profiles not counted` : "Keyed people"}
        />
      </div>

      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader title="Coverage" description={`${formatNumber(c.profiles)} people`} />
          <CardBody className="space-y-6">
            <CoverageBar label="Email" parts={c.email} total={c.profiles} />
            <CoverageBar label="Phone" parts={c.phone} total={c.profiles} />
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Trend" description="Share of people with each identifier, per day (UTC)" />
          <CardBody>
            {trend.length ? (
              <CoverageTrendChart data={trend} />
            ) : (
              <p className="py-10 text-center text-sm text-slate-500">The first reading is today; the trend fills in daily.</p>
            )}
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Invalid formats" description="Grouped by reason, with values as they were typed" />
          <CardBody className="grid gap-6 sm:grid-cols-2">
            <InvalidFormats title="Email" rows={a.invalid.email} />
            <InvalidFormats title="Phone" rows={a.invalid.phone} />
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="What normalization changed" description="Raw values are kept; these are the stored, hashed forms" />
          <CardBody>
            <NormalizationChanges n={a.normalization} />
          </CardBody>
        </Card>
        <Card>
          <CardHeader
            title="Duplicates after normalization"
            description="Values several people share once case, spacing and formatting are normalized"
          />
          <CardBody className="space-y-5">
            <DuplicateList label="emails" d={a.duplicates.email} />
            <DuplicateList label="phone numbers" d={a.duplicates.phone} />
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="By segment" description="What a sync of each segment can expect to match" />
          <CardBody>
            <SegmentCoverageTable rows={a.segments} />
          </CardBody>
        </Card>
      </div>
      <p className="mt-6 text-xs text-slate-400">
        Computed {formatTimestamp(a.generatedAt)}. Phones without a +country code are read as {a.defaultCountry} numbers; change that in{" "}
        <Link href="/settings/sources" className="underline hover:text-indigo-700">
          Settings → Sources
        </Link>
        .
      </p>
    </>
  );
}
