import type { LucideIcon } from "lucide-react";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";

type Props = {
  icon: LucideIcon;
  title: string;
  description: ReactNode;
  /** A short honest status, e.g. "Coming soon" for areas not built yet. */
  status?: string;
  children?: ReactNode;
};

export function EmptyState({ icon: Icon, title, description, status, children }: Props) {
  return (
    <div className="flex flex-col items-center rounded-lg border border-dashed border-slate-300 bg-white px-6 py-16 text-center">
      <div className="flex size-11 items-center justify-center rounded-full bg-indigo-50">
        <Icon className="size-5 text-indigo-600" aria-hidden />
      </div>
      {status && (
        <Badge tone="neutral" className="mt-4">
          {status}
        </Badge>
      )}
      <h2 className="mt-3 text-base font-semibold text-slate-900">{title}</h2>
      <div className="mt-2 max-w-md text-sm leading-6 text-slate-500">{description}</div>
      {children && <div className="mt-6">{children}</div>}
    </div>
  );
}
