import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import type { Conflict } from "@/lib/orchestration/find-conflicts";

// Orchestration conflicts (issue 15 item 4) on the sync and Monitoring pages: each says what is
// wrong and what to do, with links to the syncs and segments to change. The list is worked out
// when the page loads (lib/orchestration/find-conflicts.ts), so a fix shows on the next visit.

export function ConflictsCard({
  conflicts,
  overlapThreshold,
  scope,
  className = "mt-6",
}: {
  conflicts: Conflict[];
  overlapThreshold: number;
  scope: "sync" | "workspace";
  className?: string;
}) {
  const checks = `audiences on one ad account sharing more than ${Math.round(overlapThreshold * 100)}% of their people, promotional syncs without a purchase suppression rule, ad audiences that start before email and SMS had 60 minutes, and cart audiences with no time limit`;
  return (
    <Card className={className}>
      <CardHeader
        title={conflicts.length ? `Orchestration conflicts (${conflicts.length})` : "Orchestration conflicts"}
        description={`Checked each time this page loads: ${checks}.`}
      />
      <CardBody className="space-y-3">
        {conflicts.length === 0 ? (
          <p className="text-sm text-slate-600">{scope === "sync" ? "None for this sync." : "None across your syncs."}</p>
        ) : (
          <ul className="space-y-3" aria-label="Orchestration conflicts">
            {conflicts.map((c) => (
              <li key={c.id} data-conflict={c.kind}>
                <Alert tone="warning" title={c.title}>
                  <p>{c.message}</p>
                  <p className="mt-1">
                    <span className="font-medium">What to do: </span>
                    {c.action}
                  </p>
                  <p className="mt-1 text-xs">
                    {[...c.syncs.map((s) => ({ ...s, what: "Sync" })), ...dedupe(c.segments).map((s) => ({ ...s, what: "Segment" }))].map(
                      (r, i) => (
                        <span key={`${r.what}:${r.id}`}>
                          {i > 0 && " · "}
                          {r.what}{" "}
                          <Link href={r.href} className="font-medium underline hover:text-indigo-700">
                            {r.name}
                          </Link>
                        </span>
                      ),
                    )}
                  </p>
                </Alert>
              </li>
            ))}
          </ul>
        )}
      </CardBody>
    </Card>
  );
}

const dedupe = <T extends { id: string }>(refs: T[]) => refs.filter((r, i) => refs.findIndex((x) => x.id === r.id) === i);
