import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { TimeAgo } from "@/components/ui/time-ago";
import { parseDefinition } from "@/lib/segments/validate";
import { versionChanges } from "@/lib/segments/version-diff";

const storedDefinition = (json: unknown) => {
  const r = parseDefinition(json);
  return r.ok ? r.definition : null;
};

type Version = { version: number; summary: string | null; definition: unknown; createdAt: Date; author: string };

/** Every version, newest first: who saved it, when, and what changed in plain English. */
export function VersionHistory({ versions }: { versions: Version[] }) {
  return (
    <Card>
      <CardHeader title="Version history" description="Who changed what. Renames and notes are in Settings → Audit log." />
      <CardBody>
        <ol className="space-y-4" data-testid="version-history">
          {versions.map((v, i) => {
            const def = storedDefinition(v.definition);
            const previous = versions[i + 1] ? storedDefinition(versions[i + 1]!.definition) : null;
            const changes = def ? versionChanges(previous, def) : [];
            return (
              <li key={v.version} className="text-sm">
                <p className="text-slate-900">
                  <span className="font-medium">Version {v.version}</span>
                  <span className="text-slate-500">
                    {" "}
                    · {v.author} · <TimeAgo date={v.createdAt} />
                  </span>
                </p>
                <ul className="mt-1 space-y-0.5 text-xs">
                  {changes.map((c, j) => (
                    <li
                      key={j}
                      className={c.kind === "added" ? "text-emerald-700" : c.kind === "removed" ? "text-red-700" : "text-slate-600"}
                    >
                      {c.kind === "added" ? "+ " : c.kind === "removed" ? "− " : "• "}
                      {c.text}
                    </li>
                  ))}
                </ul>
                {v.summary && <p className="mt-1 text-xs text-slate-500">{v.summary}</p>}
              </li>
            );
          })}
        </ol>
      </CardBody>
    </Card>
  );
}
