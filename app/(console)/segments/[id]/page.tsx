import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { SegmentSizeChart } from "@/components/charts/segment-size-chart";
import { PageHeader } from "@/components/layout/page-header";
import { LintList } from "@/components/segments/lint-list";
import { VersionHistory } from "@/components/segments/version-history";
import { Alert } from "@/components/ui/alert";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { formatNumber, formatTimestamp } from "@/components/ui/format";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { pageActor } from "@/lib/auth/page-actor";
import { hasRole } from "@/lib/auth/roles";
import { isAppError } from "@/lib/errors";
import { getSegment, newestMembers, recentTransitions, segmentSizeHistory, segmentVersions } from "@/lib/segments/queries";
import { realtimeSeconds } from "@/lib/segments/realtime/realtime-settings";
import { SegmentActions } from "./segment-actions";

export const metadata: Metadata = { title: "Segment" };

type Props = { params: Promise<{ id: string }> };

export default async function SegmentPage({ params }: Props) {
  const actor = await pageActor();
  const { id } = await params;
  const segment = await getSegment(id).catch((e) => (isAppError(e) && e.code === "not_found" ? null : Promise.reject(e)));
  if (!segment) notFound();
  const [members, history, versions, flows] = await Promise.all([
    newestMembers(id, 15),
    segmentSizeHistory(id),
    segmentVersions(id),
    recentTransitions(id),
  ]);
  const entered = flows.filter((f) => f.kind === "enter").reduce((n, f) => n + f.n, 0);
  const left = flows.filter((f) => f.kind === "exit").reduce((n, f) => n + f.n, 0);
  const capped = flows.find((f) => f.kind === "exit" && f.reason === "cap reached")?.n ?? 0;

  return (
    <>
      <nav className="mb-2 text-sm">
        <Link href="/segments" className="text-slate-500 hover:text-indigo-700">
          ← Segments
        </Link>
      </nav>
      <PageHeader
        title={segment.name}
        description={segment.description ?? undefined}
        actions={hasRole(actor.role, "editor") ? <SegmentActions id={id} name={segment.name} usedBy={segment.usedBy} /> : null}
      />

      {segment.lastRefreshError && (
        <Alert tone="error" title="The last refresh failed" className="mb-4">
          {segment.lastRefreshError} Membership shown is from the last successful refresh.
        </Alert>
      )}

      <div className="grid gap-4 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <CardHeader title="Who is in it" description={`Version ${segment.version}`} />
          <CardBody>
            <p className="text-sm leading-6 text-slate-800" data-testid="segment-description">
              {segment.entry ?? "This definition no longer validates; edit it to fix."}
            </p>
            <p className="mt-2 text-sm leading-6 text-slate-600">{segment.exit}</p>
            {segment.lints.length > 0 && <LintList lints={segment.lints} className="mt-4" />}
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Right now" />
          <CardBody className="space-y-3 text-sm">
            <p>
              <span className="text-3xl font-semibold tracking-tight text-slate-900" data-testid="segment-size">
                {formatNumber(segment.size)}
              </span>
              <span className="ml-1.5 text-slate-500">{segment.size === 1 ? "member" : "members"}</span>
            </p>
            <dl className="grid grid-cols-2 gap-y-1.5 text-slate-600">
              <dt>Last 24 hours</dt>
              <dd className="text-right">
                <span className="text-emerald-700">+{formatNumber(entered)}</span> /{" "}
                <span className="text-red-700">−{formatNumber(left)}</span>
              </dd>
              {segment.capDays && (
                <>
                  <dt>Left at the cap</dt>
                  <dd className="text-right">{formatNumber(capped)}</dd>
                </>
              )}
              <dt>Refreshed</dt>
              <dd className="text-right">
                <TimeAgo date={segment.lastRefreshedAt} empty="Not yet" />
                {segment.lastRefreshMs !== null && <span className="text-slate-400"> · {formatNumber(segment.lastRefreshMs)} ms</span>}
              </dd>
              {realtimeSeconds() > 0 && (
                <>
                  <dt>New activity</dt>
                  <dd className="text-right">counts within seconds</dd>
                </>
              )}
              <dt>{realtimeSeconds() > 0 ? "Everyone re-checked" : "Schedule"}</dt>
              <dd className="text-right">every {segment.refreshIntervalMinutes} min</dd>
            </dl>
          </CardBody>
        </Card>
      </div>

      <Card className="mt-4">
        <CardHeader title="Size history" description="After each refresh: members (line), people entering (green) and leaving (red)." />
        <CardBody>
          {history.length > 1 ? (
            <SegmentSizeChart data={history} />
          ) : (
            <p className="text-sm text-slate-500">
              The chart fills in as the segment refreshes (every {segment.refreshIntervalMinutes} minutes).
            </p>
          )}
        </CardBody>
      </Card>

      <div className="mt-4 grid gap-4 lg:grid-cols-2">
        <Card>
          <CardHeader
            title="Members"
            description={`The ${formatNumber(Math.min(15, segment.size))} who entered most recently, of ${formatNumber(segment.size)}. Open a person to see why they are here.`}
          />
          {members.length === 0 ? (
            <CardBody>
              <p className="text-sm text-slate-500">Nobody is in this segment right now.</p>
            </CardBody>
          ) : (
            <div className="-mt-px">
              <Table className="rounded-none">
                <THead>
                  <TR>
                    <TH>Person</TH>
                    <TH>Entered</TH>
                  </TR>
                </THead>
                <TBody>
                  {members.map((m) => (
                    <TR key={m.profileId}>
                      <TD>
                        <Link href={`/people/${m.profileId}`} className="font-medium text-slate-900 hover:text-indigo-700">
                          {m.firstName ?? m.externalId ?? `#${m.profileId}`}
                        </Link>
                        <div className="text-xs text-slate-500">{m.email ?? m.phone ?? m.externalId ?? "no identifier"}</div>
                      </TD>
                      <TD title={formatTimestamp(m.enteredAt)}>
                        <TimeAgo date={m.enteredAt} />
                      </TD>
                    </TR>
                  ))}
                </TBody>
              </Table>
            </div>
          )}
        </Card>
        <VersionHistory versions={versions} />
      </div>
    </>
  );
}
