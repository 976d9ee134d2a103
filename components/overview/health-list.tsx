import { clsx } from "clsx";
import type { WorkspaceSummary } from "@/lib/overview/workspace-summary";

type Status = "ok" | "degraded" | "down";
const dot: Record<Status, string> = { ok: "bg-emerald-500", degraded: "bg-amber-500", down: "bg-red-500" };
const word: Record<Status, string> = { ok: "Healthy", degraded: "Degraded", down: "Down" };
const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function HealthList({ health }: { health: WorkspaceSummary["health"] }) {
  const { database, queue } = health;
  const rows: { name: string; status: Status; detail: string }[] = [
    {
      name: "Database",
      status: database.status,
      detail: database.status === "ok" ? `Responding in ${database.latencyMs ?? 0} ms` : sentence(database.detail ?? "unreachable"),
    },
    {
      name: "Job queue",
      status: queue.status,
      detail:
        queue.status === "ok"
          ? `${queue.workers} worker${queue.workers === 1 ? "" : "s"} reporting`
          : sentence(queue.detail ?? "not reporting"),
    },
  ];
  return (
    <ul className="divide-y divide-slate-100">
      {rows.map((r) => (
        <li key={r.name} className="flex items-start gap-3 py-2.5 first:pt-0 last:pb-0">
          <span className={clsx("mt-1.5 size-2 shrink-0 rounded-full", dot[r.status])} aria-hidden />
          <div className="min-w-0 flex-1">
            <div className="flex items-baseline justify-between gap-2">
              <span className="font-medium text-slate-800">{r.name}</span>
              <span
                className={clsx(
                  "text-xs font-medium",
                  r.status === "ok" ? "text-emerald-700" : r.status === "degraded" ? "text-amber-700" : "text-red-700",
                )}
              >
                {word[r.status]}
              </span>
            </div>
            <p className="mt-0.5 text-xs text-slate-500">{r.detail}</p>
          </div>
        </li>
      ))}
    </ul>
  );
}
