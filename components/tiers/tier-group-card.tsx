"use client";

import { ArrowDown, ArrowUp } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { DeleteButton } from "@/components/syncs/delete-button";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { formatNumber } from "@/components/ui/format";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import type { ActionResult } from "@/lib/actions/action-result";
import type { TierGroup } from "@/lib/tiers/tier-groups";

// One intent tier group: its tiers from the highest intent down (the order that wins), each
// with its segment, destination and the audience the destination has now. Editors reorder
// and delete; viewers read.

export function TierGroupCard({
  group,
  canEdit,
  reorder,
  remove,
}: {
  group: TierGroup;
  canEdit: boolean;
  reorder: (input: unknown) => Promise<ActionResult>;
  remove: (input: unknown) => Promise<ActionResult>;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const top = [...group.tiers].reverse(); // highest intent first: the tier that wins is read first

  function move(rank: number, by: 1 | -1) {
    const ids = group.tiers.map((t) => t.syncId);
    const i = rank - 1;
    [ids[i], ids[i + by]] = [ids[i + by]!, ids[i]!];
    setError(null);
    start(async () => {
      const r = await reorder({ id: group.id, patch: { syncIds: ids } });
      if (!r.ok) setError(r.error);
      else router.refresh();
    });
  }

  return (
    <Card>
      <CardHeader
        title={<span data-testid="tier-group-name">{group.name}</span>}
        description={`${group.tiers.length} tiers. Each person is sent only to the highest tier they qualify for; the tiers never run at the same time.`}
        action={
          <div className="flex items-center gap-3">
            <Link href={`/syncs/tiers/${group.id}/lift`} className="text-sm font-medium text-indigo-700 hover:text-indigo-900">
              Lift report
            </Link>
            {canEdit && (
              <DeleteButton
                label="Delete group"
                title={`Delete “${group.name}”?`}
                description="The syncs stay. From their next run, each one sends everyone in its own segment again, so one person can be in several of these audiences."
                input={{ id: group.id }}
                action={remove}
              />
            )}
          </div>
        }
      />
      <CardBody className="space-y-3">
        {error && <Alert tone="error">{error}</Alert>}
        <Table>
          <THead>
            <TR>
              <TH>Tier</TH>
              <TH>Sync</TH>
              <TH>Segment</TH>
              <TH>Destination</TH>
              <TH className="text-right">In the audience now</TH>
              {canEdit && <TH className="sr-only">Order</TH>}
            </TR>
          </THead>
          <TBody>
            {top.map((t) => (
              <TR key={t.syncId} data-testid="tier-row">
                <TD className="whitespace-nowrap text-slate-500">
                  {t.rank} of {group.tiers.length}
                  {t.rank === group.tiers.length ? " · highest" : t.rank === 1 ? " · lowest" : ""}
                </TD>
                <TD>
                  <Link href={`/syncs/${t.syncId}`} className="font-medium text-slate-900 hover:text-indigo-700">
                    {t.syncName}
                  </Link>
                  {t.syncState !== "live" && (
                    <span className="ml-2 text-xs text-slate-500">{t.syncState === "paused" ? "Paused" : "Draft"}</span>
                  )}
                </TD>
                <TD>
                  <Link href={`/segments/${t.segmentId}`} className="hover:text-indigo-700">
                    {t.segmentName}
                  </Link>
                </TD>
                <TD>
                  <Link href={`/destinations/${t.destinationId}`} className="hover:text-indigo-700">
                    {t.destinationName}
                  </Link>
                </TD>
                <TD className="text-right tabular-nums">{formatNumber(t.audienceSize)}</TD>
                {canEdit && (
                  <TD className="whitespace-nowrap text-right">
                    <Button
                      size="sm"
                      variant="ghost"
                      aria-label={`Move ${t.syncName} up a tier`}
                      disabled={pending || t.rank === group.tiers.length}
                      onClick={() => move(t.rank, 1)}
                    >
                      <ArrowUp />
                    </Button>
                    <Button
                      size="sm"
                      variant="ghost"
                      aria-label={`Move ${t.syncName} down a tier`}
                      disabled={pending || t.rank === 1}
                      onClick={() => move(t.rank, -1)}
                    >
                      <ArrowDown />
                    </Button>
                  </TD>
                )}
              </TR>
            ))}
          </TBody>
        </Table>
      </CardBody>
    </Card>
  );
}
