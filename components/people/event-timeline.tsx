import { Badge, type BadgeTone } from "@/components/ui/badge";
import { formatTimestamp } from "@/components/ui/format";
import { TimeAgo } from "@/components/ui/time-ago";
import type { TimelineEvent } from "@/lib/people/person-events";

// A person's events, newest first. Properties are summarized inline (first few keys) and
// shown in full on expand, so a long timeline stays scannable.

const TONES: Record<string, BadgeTone> = {
  track: "neutral",
  identify: "accent",
  engagement: "success",
  page: "neutral",
  screen: "neutral",
  alias: "accent",
  group: "accent",
};

function summary(properties: Record<string, unknown>): string {
  const parts = Object.entries(properties)
    .filter(([, v]) => v === null || typeof v !== "object")
    .slice(0, 4)
    .map(([k, v]) => `${k}: ${String(v)}`);
  return parts.join(" · ");
}

export function EventTimeline({ events, sourceNames }: { events: TimelineEvent[]; sourceNames: Record<string, string> }) {
  if (!events.length) return <p className="px-5 py-8 text-center text-sm text-slate-500">No events yet.</p>;
  return (
    <ol className="divide-y divide-slate-100" data-testid="event-timeline">
      {events.map((e) => (
        <li key={e.id} className="px-5 py-3">
          <details className="group">
            <summary className="flex cursor-pointer list-none items-start gap-3 [&::-webkit-details-marker]:hidden">
              <div className="w-28 shrink-0 text-xs text-slate-500" title={formatTimestamp(e.occurredAt)}>
                <TimeAgo date={e.occurredAt} />
              </div>
              <div className="min-w-0 flex-1">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-mono text-xs font-medium text-slate-900">{e.name}</span>
                  {e.type !== "track" && <Badge tone={TONES[e.type] ?? "neutral"}>{e.type}</Badge>}
                </div>
                <p className="mt-0.5 truncate text-xs text-slate-500">{summary(e.properties) || "No properties"}</p>
              </div>
              <span className="shrink-0 text-xs text-slate-400">
                {e.sourceId ? (sourceNames[e.sourceId] ?? "Source") : "Import / demo"}
              </span>
            </summary>
            <div className="mt-2 ml-31 space-y-1 text-xs text-slate-500">
              <pre className="overflow-x-auto rounded-md bg-slate-50 p-3 font-mono text-[11px] text-slate-700 ring-1 ring-slate-200">
                {JSON.stringify(e.properties, null, 2)}
              </pre>
              <p>
                Occurred {formatTimestamp(e.occurredAt)} · received {formatTimestamp(e.receivedAt)}
                {e.messageId && (
                  <>
                    {" "}
                    · message id <code className="font-mono">{e.messageId}</code>
                  </>
                )}
                {e.anonymousId && (
                  <>
                    {" "}
                    · anonymous id <code className="font-mono">{e.anonymousId}</code>
                  </>
                )}
              </p>
            </div>
          </details>
        </li>
      ))}
    </ol>
  );
}
