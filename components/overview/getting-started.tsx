import { clsx } from "clsx";
import { CircleCheck, CircleDashed } from "lucide-react";
import Link from "next/link";
import type { SetupProgress } from "@/lib/overview/workspace-summary";

type Step = { title: string; detail: string; done: boolean; href?: string };

function steps(s: SetupProgress): Step[] {
  return [
    {
      title: "Connect a source",
      detail: s.sources ? `${s.sources} connected` : "An admin adds a source so events and profiles flow in.",
      done: s.sources > 0,
      href: "/settings/sources",
    },
    {
      title: "Build a segment",
      detail: s.segments ? `${s.segments} built` : "Describe the people you want to reach.",
      done: s.segments > 0,
      href: "/segments",
    },
    {
      title: "Connect a destination",
      detail: s.destinations ? `${s.destinations} connected` : "Link an ad account, webhook or warehouse.",
      done: s.destinations > 0,
      href: "/destinations",
    },
    {
      title: "Create a sync",
      detail: s.syncs ? `${s.syncs} created` : "Send a segment to a destination audience.",
      done: s.syncs > 0,
      href: "/syncs",
    },
    {
      title: "Validate with a test cohort",
      detail: s.validationRuns
        ? `${s.validationRuns} run${s.validationRuns === 1 ? "" : "s"}`
        : "Prove a sync adds and removes people correctly.",
      done: (s.validationRuns ?? 0) > 0,
      href: "/validation",
    },
  ];
}

export function GettingStarted({ progress }: { progress: SetupProgress }) {
  const list = steps(progress);
  const done = list.filter((s) => s.done).length;
  return (
    <div>
      <div className="mb-4 flex items-center gap-3">
        <div
          className="h-1.5 flex-1 overflow-hidden rounded-full bg-slate-100"
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={list.length}
          aria-valuenow={done}
          aria-label="Setup progress"
        >
          <div className="h-full rounded-full bg-indigo-500" style={{ width: `${(done / list.length) * 100}%` }} />
        </div>
        <span className="text-xs text-slate-500 tabular-nums">
          {done} of {list.length}
        </span>
      </div>
      <ol className="space-y-3">
        {list.map((step) => {
          const Icon = step.done ? CircleCheck : CircleDashed;
          const title = (
            <span className={clsx("font-medium", step.done ? "text-slate-500 line-through decoration-slate-300" : "text-slate-800")}>
              {step.title}
            </span>
          );
          return (
            <li key={step.title} className="flex gap-3">
              <Icon className={clsx("mt-0.5 size-4 shrink-0", step.done ? "text-emerald-500" : "text-slate-300")} aria-hidden />
              <div className="min-w-0">
                {step.href && !step.done ? (
                  <Link href={step.href} className="hover:text-indigo-700 hover:underline">
                    {title}
                  </Link>
                ) : (
                  title
                )}
                <span className="sr-only">{step.done ? " (done)" : " (not done yet)"}</span>
                <p className="mt-0.5 text-xs text-slate-500">{step.detail}</p>
              </div>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
