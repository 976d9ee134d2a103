import Link from "next/link";
import { Card, CardHeader } from "@/components/ui/card";
import { TimeAgo } from "@/components/ui/time-ago";
import type { PersonDetail } from "@/lib/people/get-person";
import { syncLabel } from "@/components/people/sync-label";

/** Which segments the person is in and which destination audiences they were delivered to. */
export function MembershipsCard({ segments, audiences }: Pick<PersonDetail, "segments" | "audiences">) {
  return (
    <Card>
      <CardHeader title="Segments and audiences" />
      <div className="space-y-4 px-5 py-4 text-sm">
        <section>
          <h3 className="text-xs font-medium text-slate-500">Segments</h3>
          {segments.length ? (
            <ul className="mt-1 space-y-1">
              {segments.map((s) => (
                <li key={s.id} className="flex justify-between gap-2">
                  <Link href={`/segments/${s.id}`} className="text-indigo-700 hover:underline">
                    {s.name}
                  </Link>
                  <span className="text-xs text-slate-400">
                    entered <TimeAgo date={s.enteredAt} />
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="mt-1 text-slate-400">Not in any segment.</p>
          )}
        </section>
        <section>
          <h3 className="text-xs font-medium text-slate-500">Delivered to</h3>
          {audiences.length ? (
            <ul className="mt-1 space-y-1">
              {audiences.map((a) => {
                const label = syncLabel(a.syncName, a.destination);
                return (
                  <li key={a.syncId} className="flex justify-between gap-2">
                    <span>
                      <Link href={`/syncs/${a.syncId}`} className="text-indigo-700 hover:underline">
                        {label.name}
                      </Link>
                      {label.to && <span className="text-xs text-slate-400"> → {label.to}</span>}
                    </span>
                    <span className="text-xs text-slate-400">
                      added <TimeAgo date={a.addedAt} />
                    </span>
                  </li>
                );
              })}
            </ul>
          ) : (
            <p className="mt-1 text-slate-400">In no destination audience.</p>
          )}
        </section>
      </div>
    </Card>
  );
}
