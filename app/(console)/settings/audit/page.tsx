import { clsx } from "clsx";
import type { Metadata } from "next";
import Link from "next/link";
import { SectionHeader } from "@/components/layout/section-header";
import { ExpandableRow } from "@/components/settings/expandable-row";
import { JsonDiff } from "@/components/settings/json-diff";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { pageActor } from "@/lib/auth/page-actor";
import { listAuditEntries } from "@/lib/settings/audit-entries";

export const metadata: Metadata = { title: "Audit log · Settings" };

const filters = [
  { value: undefined, label: "Everything" },
  { value: "user", label: "Users" },
  { value: "api_token", label: "API tokens" },
  { value: "event_stream", label: "Event streams" },
] as const;

const entityNames: Record<string, string> = { user: "User", api_token: "API token", event_stream: "Event stream" };
const entityName = (type: string) => entityNames[type] ?? type.replace(/_/g, " ");

type Props = { searchParams: Promise<{ entity?: string }> };

export default async function AuditPage({ searchParams }: Props) {
  await pageActor();
  const { entity } = await searchParams;
  const entityType = filters.find((f) => f.value === entity)?.value;
  const entries = await listAuditEntries({ limit: 100, entityType });

  return (
    <>
      <SectionHeader
        title="Audit log"
        description="Every configuration change: who made it, when, and what it was before and after. The most recent 100 are shown."
      />
      <div className="mb-4 flex gap-2" role="group" aria-label="Filter by what changed">
        {filters.map((f) => {
          const active = f.value === entityType;
          return (
            <Link
              key={f.label}
              href={f.value ? `/settings/audit?entity=${f.value}` : "/settings/audit"}
              aria-current={active ? "true" : undefined}
              className={clsx(
                "rounded-full px-3 py-1 text-xs font-medium ring-1 ring-inset transition-colors",
                active ? "bg-indigo-50 text-indigo-700 ring-indigo-200" : "bg-white text-slate-600 ring-slate-200 hover:bg-slate-50",
              )}
            >
              {f.label}
            </Link>
          );
        })}
      </div>
      {entries.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-10 text-center text-sm text-slate-500">
          Nothing has changed yet.
        </div>
      ) : (
        <Table>
          <THead>
            <TR>
              <th className="w-8" aria-label="Expand" />
              <TH>When</TH>
              <TH>Who</TH>
              <TH>Action</TH>
              <TH>Entity</TH>
            </TR>
          </THead>
          <TBody>
            {entries.map((e) => (
              <ExpandableRow
                key={e.id.toString()}
                colSpan={5}
                label={`${e.action} by ${e.actorLabel}`}
                cells={
                  <>
                    <TD className="whitespace-nowrap">
                      <TimeAgo date={e.createdAt} />
                    </TD>
                    <TD>
                      <div className="text-slate-900">{e.actorLabel}</div>
                      {e.actorType !== "user" && (
                        <div className="text-xs text-slate-500">{e.actorType === "token" ? "API token" : "System"}</div>
                      )}
                    </TD>
                    <TD>
                      <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-800">{e.action}</code>
                    </TD>
                    <TD>
                      <div className="text-slate-900">{e.entityLabel ?? entityName(e.entityType)}</div>
                      <div className="text-xs text-slate-500">
                        {e.entityLabel ? entityName(e.entityType) : <span className="font-mono">{e.entityId}</span>}
                      </div>
                    </TD>
                  </>
                }
                detail={<JsonDiff before={e.before} after={e.after} />}
              />
            ))}
          </TBody>
        </Table>
      )}
    </>
  );
}
