import { X } from "lucide-react";

/** Added event names or patterns as removable chips, each marked when the server refused it. */
export function Chips({ items, onRemove, errors }: { items: string[]; onRemove: (item: string) => void; errors: (string | undefined)[] }) {
  if (!items.length) return null;
  return (
    <div className="mt-2 space-y-1.5">
      <div className="flex flex-wrap gap-1.5">
        {items.map((item, i) => (
          <span
            key={item}
            className={`inline-flex items-center gap-1 rounded-md px-2 py-0.5 font-mono text-xs ring-1 ring-inset ${errors[i] ? "bg-red-50 text-red-800 ring-red-300" : "bg-slate-100 text-slate-800 ring-slate-300"}`}
          >
            {item}
            <button
              type="button"
              aria-label={`Remove ${item}`}
              onClick={() => onRemove(item)}
              className="text-slate-500 hover:text-slate-900"
            >
              <X className="size-3" aria-hidden />
            </button>
          </span>
        ))}
      </div>
      {errors.filter(Boolean).map((m) => (
        <p key={m} className="text-xs text-red-600">
          {m}
        </p>
      ))}
    </div>
  );
}
