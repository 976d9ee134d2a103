import { clsx } from "clsx";
import { CircleAlert, CircleCheck, Info, TriangleAlert } from "lucide-react";
import type { ReactNode } from "react";

const tones = {
  info: { box: "bg-slate-50 text-slate-700 ring-slate-200", Icon: Info, icon: "text-slate-400" },
  success: { box: "bg-emerald-50 text-emerald-800 ring-emerald-200", Icon: CircleCheck, icon: "text-emerald-500" },
  warning: { box: "bg-amber-50 text-amber-900 ring-amber-200", Icon: TriangleAlert, icon: "text-amber-500" },
  error: { box: "bg-red-50 text-red-800 ring-red-200", Icon: CircleAlert, icon: "text-red-500" },
} as const;

/** An inline message box. `role="alert"` only for errors, so screen readers announce those. */
export function Alert({
  tone = "info",
  title,
  children,
  className,
}: {
  tone?: keyof typeof tones;
  title?: string;
  children?: ReactNode;
  className?: string;
}) {
  const t = tones[tone];
  return (
    <div
      role={tone === "error" ? "alert" : undefined}
      className={clsx("flex gap-3 rounded-lg px-4 py-3 text-sm ring-1 ring-inset", t.box, className)}
    >
      <t.Icon className={clsx("mt-0.5 size-4 shrink-0", t.icon)} aria-hidden />
      <div className="min-w-0">
        {title && <p className="font-medium">{title}</p>}
        {children && <div className={clsx(title && "mt-1")}>{children}</div>}
      </div>
    </div>
  );
}
