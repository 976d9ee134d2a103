import { FilePlus2, ShoppingCart, Star, UserMinus } from "lucide-react";
import Link from "next/link";
import { ACTION_TEMPLATES } from "@/components/webhook-actions/action-templates";

// The first step of a new webhook action: a template to start from, or a blank form. Each card is
// a link (?template=key), so the choice survives a reload and the back button.

const ICONS: Record<string, typeof Star> = { "cart-abandoner-crm": ShoppingCart, "vip-slack": Star, "unsubscribed-suppression": UserMinus };

export function TemplateGallery() {
  return (
    <div className="grid gap-4 sm:grid-cols-2" data-testid="template-gallery">
      {ACTION_TEMPLATES.map((t) => {
        const Icon = ICONS[t.key] ?? FilePlus2;
        return (
          <Link
            key={t.key}
            href={`/webhook-actions/new?template=${t.key}`}
            className="group rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 hover:ring-indigo-300"
          >
            <div className="flex items-center gap-2 font-medium text-slate-900 group-hover:text-indigo-700">
              <Icon className="size-4 text-indigo-600" aria-hidden />
              {t.title}
            </div>
            <p className="mt-1.5 text-sm text-slate-500">{t.pitch}</p>
          </Link>
        );
      })}
      <Link
        href="/webhook-actions/new?template=blank"
        className="group rounded-lg border border-dashed border-slate-300 p-4 hover:border-indigo-300"
      >
        <div className="flex items-center gap-2 font-medium text-slate-900 group-hover:text-indigo-700">
          <FilePlus2 className="size-4 text-slate-500" aria-hidden />
          Blank
        </div>
        <p className="mt-1.5 text-sm text-slate-500">Write the trigger and the request yourself.</p>
      </Link>
    </div>
  );
}
