import { Funnel, Plus } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/layout/empty-state";
import { PageHeader } from "@/components/layout/page-header";
import { TemplateGallery } from "@/components/segments/template-gallery";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { formatNumber } from "@/components/ui/format";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { pageActor } from "@/lib/auth/page-actor";
import { hasRole } from "@/lib/auth/roles";
import { listSegments } from "@/lib/segments/queries";

export const metadata: Metadata = { title: "Segments" };

export default async function SegmentsPage() {
  const actor = await pageActor();
  const canEdit = hasRole(actor.role, "editor");
  const segments = await listSegments();
  const newButton = canEdit ? (
    <Link href="/segments/new" className={buttonClasses()}>
      <Plus aria-hidden /> New segment
    </Link>
  ) : null;

  return (
    <>
      <PageHeader
        title="Segments"
        description="The groups of people you want to reach, defined once and used by every sync, suppression rule and alert."
        actions={newButton}
      />
      {segments.length === 0 ? (
        <EmptyState
          icon={Funnel}
          title="No segments yet"
          description="Define who matters once, for example “started checkout, no purchase since, at least 2 hours ago”, with a live size preview as you build. Or start from a playbook template below."
        />
      ) : (
        <Table>
          <THead>
            <TR>
              <TH>Segment</TH>
              <TH className="text-right">People</TH>
              <TH>Timebox</TH>
              <TH>Refreshed</TH>
              <TH className="text-right">Syncs</TH>
            </TR>
          </THead>
          <TBody>
            {segments.map((s) => (
              <TR key={s.id} data-testid="segment-row">
                <TD className="max-w-xl">
                  <Link href={`/segments/${s.id}`} className="font-medium text-slate-900 hover:text-indigo-700">
                    {s.name}
                  </Link>
                  {s.summary && <p className="mt-0.5 line-clamp-2 text-xs text-slate-500">{s.summary}</p>}
                </TD>
                <TD className="text-right font-medium text-slate-900 tabular-nums">{formatNumber(s.size)}</TD>
                <TD>{s.capDays ? `${s.capDays} day${s.capDays === 1 ? "" : "s"}` : <span className="text-slate-400">—</span>}</TD>
                <TD>
                  {s.lastRefreshError ? <Badge tone="danger">Refresh failed</Badge> : <TimeAgo date={s.lastRefreshedAt} empty="Not yet" />}
                  <div className="text-xs text-slate-400">every {s.refreshIntervalMinutes} min</div>
                </TD>
                <TD className="text-right tabular-nums">{s.syncCount}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
      <TemplateGallery canEdit={canEdit} />
    </>
  );
}
