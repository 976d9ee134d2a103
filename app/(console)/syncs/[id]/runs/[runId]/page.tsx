import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/layout/page-header";
import { QueryProvider } from "@/components/syncs/query-provider";
import { TRIGGER_PHRASE } from "@/components/syncs/health-badge";
import { RunLive, type RunPayload } from "@/components/syncs/run-live";
import { formatTimestamp } from "@/components/ui/format";
import { pageActor } from "@/lib/auth/page-actor";
import { isAppError } from "@/lib/errors";
import { getRun } from "@/lib/sync/get-run";

export const metadata: Metadata = { title: "Sync run" };

export default async function RunPage({ params }: { params: Promise<{ id: string; runId: string }> }) {
  await pageActor();
  const { id, runId } = await params;
  const data = await getRun(id, runId).catch((e) => (isAppError(e) && e.code === "not_found" ? null : Promise.reject(e)));
  if (!data) notFound();
  // The same JSON shape the API returns, so the live poll can replace it wholesale.
  const initial = JSON.parse(JSON.stringify(data, (_k, v) => (typeof v === "bigint" ? v.toString() : v))) as RunPayload;
  const { run } = data;
  return (
    <>
      <nav className="mb-2 text-sm">
        <Link href={`/syncs/${id}`} className="text-slate-500 hover:text-indigo-700">
          ← {run.sync.name}
        </Link>
      </nav>
      <PageHeader
        title={run.dryRun ? "Preview run" : "Sync run"}
        description={`${TRIGGER_PHRASE[run.trigger] ?? run.trigger} · ${formatTimestamp(run.startedAt ?? run.createdAt)}${run.finishedAt ? ` · took ${Math.max(0, Math.round((run.finishedAt.getTime() - (run.startedAt ?? run.createdAt).getTime()) / 100) / 10)} s` : ""}`}
      />
      <QueryProvider>
        <RunLive syncId={id} runId={runId} initial={initial} />
      </QueryProvider>
    </>
  );
}
