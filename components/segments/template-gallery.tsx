import { ArrowRight } from "lucide-react";
import Link from "next/link";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { TEMPLATES, type SegmentTemplate } from "@/lib/segments/templates";

const USE: Record<SegmentTemplate["use"], { label: string; tone: BadgeTone }> = {
  retargeting: { label: "Retargeting", tone: "accent" },
  suppression: { label: "Suppression", tone: "warning" },
  reactivation: { label: "Reactivation", tone: "success" },
  ads: { label: "Ads, matchable", tone: "neutral" },
};

/** The retention playbook's segments, one click to start from (then edit before saving). */
export function TemplateGallery({ canEdit }: { canEdit: boolean }) {
  return (
    <section aria-labelledby="templates-heading" className="mt-10">
      <h2 id="templates-heading" className="text-base font-semibold text-slate-900">
        Start from the retention playbook
      </h2>
      <p className="mt-1 text-sm text-slate-500">Proven starting points. Each opens in the builder with a live preview; adjust and save.</p>
      <ul className="mt-4 grid gap-3 sm:grid-cols-2 xl:grid-cols-3">
        {TEMPLATES.map((t) => (
          <li key={t.key} className="flex flex-col rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
            <Badge tone={USE[t.use].tone} className="self-start">
              {USE[t.use].label}
            </Badge>
            <h3 className="mt-2 text-sm font-semibold text-slate-900">{t.name}</h3>
            <p className="mt-1 flex-1 text-sm text-slate-600">{t.pitch}</p>
            {canEdit ? (
              <Link
                href={`/segments/new?template=${t.key}`}
                className="mt-3 inline-flex items-center gap-1 text-sm font-medium text-indigo-600 hover:text-indigo-500"
              >
                Use this template <ArrowRight className="size-3.5" aria-hidden />
              </Link>
            ) : (
              <p className="mt-3 text-xs text-slate-400">Editors can create segments from templates.</p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
