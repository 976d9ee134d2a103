import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { SyncHealthChart } from "@/components/charts/sync-health-chart";
import { PageHeader } from "@/components/layout/page-header";
import { StatCard } from "@/components/overview/stat-card";
import { DeleteButton } from "@/components/syncs/delete-button";
import { HealthBadge, RUN_STATUS_LABEL, RunStatusBadge, TRIGGER_LABEL } from "@/components/syncs/health-badge";
import { LiveRefresh } from "@/components/syncs/live-refresh";
import { PlatformFiguresList } from "@/components/syncs/platform-figures";
import { SyncActions } from "@/components/syncs/sync-actions";
import { ChecklistCard } from "@/components/launch/checklist-card";
import { ConflictsCard } from "@/components/orchestration/conflicts-card";
import { Alert } from "@/components/ui/alert";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { formatNumber, formatPercent, formatTimestamp } from "@/components/ui/format";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { SyncValidationBadge } from "@/components/validation/sync-validation-badge";
import { latestValidation } from "@/lib/validation/latest-validation";
import { pageActor } from "@/lib/auth/page-actor";
import { hasRole } from "@/lib/auth/roles";
import { isAppError } from "@/lib/errors";
import { loadLaunchCard } from "@/lib/launch/load-launch-card";
import { findConflicts } from "@/lib/orchestration/find-conflicts";
import { getSync } from "@/lib/sync/get-sync";
import { TierSuggestionOffer } from "@/components/tiers/tier-suggestion-offer";
import { tierOfSync } from "@/lib/tiers/tier-groups";
import { tierSuggestions } from "@/lib/tiers/tier-suggestions";
import { createTierGroupAction } from "../tiers/actions";
import { deleteSyncAction, previewSyncAction, setSyncStateAction, syncNowAction } from "../actions";
import { launchPlanAction, signoffAction } from "./launch-actions";

export const metadata: Metadata = { title: "Sync" };

const ID_LABEL: Record<string, string> = { email: "Email", phone: "Phone", external_id: "External ID" };

export default async function SyncPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await pageActor();
  const { id } = await params;
  const data = await getSync(id).catch((e) => (isAppError(e) && e.code === "not_found" ? null : Promise.reject(e)));
  if (!data) notFound();
  const { sync, rules, runs, snapshots, audienceSize, visibilityDelayHours, platform, visibility, health, lastMatch, reportsStats } = data;
  const canEdit = hasRole(actor.role, "editor");
  // Independent reads, at once: one after the other they added up to most of the page's time.
  const [validation, launch, conflicts, tier, suggestions] = await Promise.all([
    latestValidation(sync.id),
    loadLaunchCard(sync.id),
    findConflicts(actor, { syncId: sync.id }),
    tierOfSync(sync.id),
    canEdit ? tierSuggestions() : [],
  ]);
  const tierOffer = !tier && canEdit ? suggestions.find((s) => s.tiers.some((t) => t.syncId === sync.id)) : undefined;
  const latest = snapshots[snapshots.length - 1];
  const lastReal = runs.find((r) => !r.dryRun && r.status !== "queued");
  const chart = snapshots.map((s) => ({
    t: s.takenAt.toISOString(),
    segment: s.segmentSize,
    eligible: s.eligibleSize,
    audience: s.audienceSize,
    matchRate: s.matchRate,
  }));

  return (
    <>
      <nav className="mb-2 text-sm">
        <Link href="/syncs" className="text-slate-500 hover:text-indigo-700">
          ← Syncs
        </Link>
      </nav>
      <PageHeader
        title={sync.name}
        description={
          <>
            <Link href={`/segments/${sync.segment.id}`} className="hover:text-indigo-700">
              {sync.segment.name}
            </Link>{" "}
            →{" "}
            <Link href={`/destinations/${sync.destination.id}`} className="hover:text-indigo-700">
              {sync.destination.name}
            </Link>
            {sync.remoteAudienceName && sync.remoteAudienceName !== sync.name && <>, audience “{sync.remoteAudienceName}”</>}
            {" · "}
            {/* The health badge already says "Draft" or "Paused" when that is all there is to say: once, not twice. */}
            {sync.state !== health.state && <>{sync.state === "live" ? "Live" : sync.state === "paused" ? "Paused" : "Draft"} · </>}
            <span data-testid="sync-health">
              <HealthBadge health={health} />
            </span>
          </>
        }
        actions={
          canEdit ? (
            <SyncActions
              syncId={sync.id}
              state={sync.state}
              actions={{ syncNow: syncNowAction, preview: previewSyncAction, setState: setSyncStateAction }}
            />
          ) : null
        }
      />
      <LiveRefresh active={health.state === "running" || runs.some((r) => r.status === "queued" || r.status === "running")} />
      <div className="mb-4">
        <SyncValidationBadge syncId={sync.id} latest={validation} canValidate={canEdit} />
      </div>
      {tier && (
        <p className="mb-4 text-sm text-slate-700" data-testid="sync-tier">
          <span className="font-medium">
            Tier {tier.rank} of {tier.of} in{" "}
            <Link href="/syncs/tiers" className="text-indigo-700 hover:underline">
              {tier.groupName}
            </Link>
          </span>
          {tier.rank < tier.of
            ? ": people who qualify for a higher tier go there instead."
            : ": the highest tier. People here are left out of the lower tiers."}
        </p>
      )}
      {tierOffer && (
        <div className="mb-4">
          <TierSuggestionOffer suggestion={tierOffer} create={createTierGroupAction} />
        </div>
      )}
      {/* The cause, from the one health model (lib/sync/sync-health.ts): the same words as the list. */}
      {(health.state === "failing" || health.state === "warning" || health.state === "paused") && health.cause && (
        <Alert
          tone={health.state === "failing" ? "error" : health.state === "warning" ? "warning" : "info"}
          title={
            health.state === "paused"
              ? "This sync is paused"
              : health.state === "failing"
                ? sync.state === "paused"
                  ? "This sync is paused: it is failing"
                  : "This sync is failing"
                : "This sync needs a look"
          }
          className="mb-6"
        >
          <span data-testid="health-cause">{health.cause}</span>
          {health.since && health.state !== "paused" && (
            <span className="text-slate-600">
              {" "}
              Since <TimeAgo date={health.since} />.
            </span>
          )}
          {health.runId && health.state !== "paused" && (
            <>
              {" "}
              <Link href={`/syncs/${sync.id}/runs/${health.runId}`} className="font-medium underline">
                Open the run
              </Link>
            </>
          )}
        </Alert>
      )}

      <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        <StatCard
          label="Delivered audience"
          value={formatNumber(audienceSize)}
          detail={
            latest?.segmentSize ? `${formatPercent(audienceSize, latest.segmentSize)} of the segment` : "What the destination has been sent"
          }
        />
        <StatCard
          label="Segment size"
          value={latest?.segmentSize != null ? formatNumber(latest.segmentSize) : formatNumber(sync.segment.size)}
          detail={latest?.eligibleSize != null ? `${formatNumber(latest.eligibleSize)} eligible after exclusions` : undefined}
        />
        <StatCard
          label="Match rate"
          value={lastMatch ? `${Math.round(lastMatch.matchRate * 100)}%` : "—"}
          detail={
            <MatchRateDetail
              lastMatch={lastMatch}
              latestHasRate={latest?.matchRate != null}
              status={platform?.status ?? null}
              reportsStats={reportsStats}
            />
          }
        />
        <StatCard
          label="Last run"
          value={lastReal ? (RUN_STATUS_LABEL[lastReal.status] ?? lastReal.status) : "Never"}
          detail={
            lastReal?.finishedAt ? <TimeAgo date={lastReal.finishedAt} /> : sync.state === "live" ? "Runs within a minute" : undefined
          }
        />
      </div>

      <ChecklistCard
        syncId={sync.id}
        {...launch}
        canEdit={canEdit}
        isAdmin={hasRole(actor.role, "admin")}
        actions={{ signoff: signoffAction, plan: launchPlanAction, goLive: setSyncStateAction }}
      />

      <ConflictsCard {...conflicts} scope="sync" />

      <Card className="mt-6">
        <CardHeader
          title="Segment vs delivered audience"
          description="One point per run, placed at the time it ran. The match rate shows when the platform reports one."
        />
        <CardBody>
          {chart.length ? (
            <SyncHealthChart data={chart} />
          ) : (
            <p className="py-12 text-center text-sm text-slate-500">No runs yet. After the first run, sizes over time show here.</p>
          )}
          {visibilityDelayHours && visibility?.expectedBy && (
            <p
              className={`mt-2 text-xs ${visibility.state === "overdue" ? "font-medium text-amber-700" : "text-slate-500"}`}
              data-testid="visibility"
            >
              {visibility.state === "visible"
                ? `Visible on the platform (it takes up to ${visibilityDelayHours} h to show changes).`
                : visibility.state === "overdue"
                  ? `Overdue: the last change was expected visible by ${formatTimestamp(visibility.expectedBy)} and the platform still does not report the audience ready. Check it in the platform's UI.`
                  : `The platform takes up to ${visibilityDelayHours} h to show changes: the last change is expected visible by ${formatTimestamp(visibility.expectedBy)}.`}
            </p>
          )}
          {platform && <PlatformFiguresList figures={platform} />}
        </CardBody>
      </Card>

      <div className="mt-6 grid gap-6 lg:grid-cols-3">
        <Card className="self-start lg:col-span-2">
          <CardHeader title="Runs" description="Newest first. Open a run for its batches and per-person errors." />
          {runs.length === 0 ? (
            <CardBody>
              <p className="text-sm text-slate-500">No runs yet.</p>
            </CardBody>
          ) : (
            <div className="overflow-x-auto">
              <Table className="ring-0">
                <THead>
                  <TR>
                    <TH>Started</TH>
                    <TH>Status</TH>
                    <TH>Trigger</TH>
                    <TH className="text-right">Added</TH>
                    <TH className="text-right">Removed</TH>
                    <TH className="text-right">Not delivered</TH>
                  </TR>
                </THead>
                <TBody>
                  {runs.map((r) => (
                    <TR key={r.id} data-testid="run-row">
                      <TD>
                        <Link href={`/syncs/${sync.id}/runs/${r.id}`} className="hover:text-indigo-700">
                          <TimeAgo date={r.startedAt ?? r.createdAt} />
                        </Link>
                      </TD>
                      <TD>
                        <RunStatusBadge status={r.status} dryRun={r.dryRun} />
                      </TD>
                      <TD className="text-slate-500">{TRIGGER_LABEL[r.trigger] ?? r.trigger}</TD>
                      <TD className="text-right tabular-nums">
                        {r.dryRun ? <span className="text-slate-400">{formatNumber(r.toAdd ?? 0)}</span> : formatNumber(r.added)}
                      </TD>
                      <TD className="text-right tabular-nums">
                        {r.dryRun ? <span className="text-slate-400">{formatNumber(r.toRemove ?? 0)}</span> : formatNumber(r.removed)}
                      </TD>
                      <TD className="text-right tabular-nums">
                        {r.failed + r.invalid ? <span className="text-amber-700">{formatNumber(r.failed + r.invalid)}</span> : "0"}
                      </TD>
                    </TR>
                  ))}
                </TBody>
              </Table>
            </div>
          )}
        </Card>
        <div className="space-y-6">
          <Card>
            <CardHeader title="Configuration" />
            <CardBody>
              <dl className="space-y-2 text-sm">
                <Row label="Identifiers">{sync.identifiers.map((i) => ID_LABEL[i] ?? i).join(" → ")}</Row>
                <Row label="Mode">{sync.mode === "mirror" ? "Mirror (adds and removes)" : "Add only"}</Row>
                <Row label="Schedule">
                  {sync.scheduleCron ? <code className="font-mono text-xs">{sync.scheduleCron}</code> : `Every ${sync.intervalMinutes} min`}
                  , and on segment changes
                </Row>
                <Row label="Cap">
                  {sync.capDays
                    ? `${sync.capDays} days (this sync)`
                    : sync.segment.capDays
                      ? `${sync.segment.capDays} days (segment)`
                      : "None"}
                </Row>
                <Row label="Holdout">
                  {sync.holdoutPercent ? `${sync.holdoutPercent}% · ` : "None · "}
                  <Link href={`/syncs/${sync.id}/lift`} className="text-indigo-700 hover:underline">
                    Lift report
                  </Link>
                </Row>
                <Row label="Promotional">{sync.promotional ? "Yes" : "No"}</Row>
              </dl>
            </CardBody>
          </Card>
          <Card>
            <CardHeader
              title="Suppression rules applied"
              description={
                <Link href="/suppression" className="hover:text-indigo-700">
                  All rules →
                </Link>
              }
            />
            <CardBody>
              {rules.length ? (
                <ul className="space-y-1.5 text-sm" data-testid="sync-rules">
                  {rules.map((r) => (
                    <li key={r.id}>
                      <span className="font-medium">{r.name}</span>
                      {r.segment_name !== r.name && <span className="text-slate-500"> · members of {r.segment_name}</span>}
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="text-sm text-slate-500">None apply to this sync.</p>
              )}
            </CardBody>
          </Card>
          {canEdit && (
            <DeleteButton
              label="Delete sync"
              title={`Delete “${sync.name}”?`}
              description="Its run history and delivered-set record go too. The audience on the destination is left as it is; remove it there if you no longer want it."
              input={{ syncId: sync.id }}
              action={deleteSyncAction}
              redirectTo="/syncs"
            />
          )}
        </div>
      </div>
    </>
  );
}

/** The last reported match rate's age and the platform's state now (Meta says "calculating" for a while after each change). */
function MatchRateDetail({
  lastMatch,
  latestHasRate,
  status,
  reportsStats,
}: {
  lastMatch: { reportedSize: number | null; takenAt: Date } | null;
  latestHasRate: boolean;
  status: string | null;
  reportsStats: boolean;
}) {
  if (!reportsStats) return <>Not reported by this destination</>;
  const now = status ? <span data-testid="platform-state">The platform now says “{status.toLowerCase()}”.</span> : null;
  if (!lastMatch) return <>Not reported yet. {now}</>;
  return (
    <span data-testid="match-rate-detail">
      Reported <TimeAgo date={lastMatch.takenAt} />
      {lastMatch.reportedSize != null && <>, {formatNumber(lastMatch.reportedSize)} matched</>}.{!latestHasRate && now && <> {now}</>}
    </span>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex justify-between gap-4">
      <dt className="text-slate-500">{label}</dt>
      <dd className="text-right text-slate-900">{children}</dd>
    </div>
  );
}
