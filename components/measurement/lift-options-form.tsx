import { buttonClasses } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import type { LiftOptions } from "@/lib/measurement/lift-report";

/** The report's choices as a plain GET form: the URL is the report, so it can be shared. */
export function LiftOptionsForm({ options }: { options: LiftOptions }) {
  return (
    <form
      method="get"
      className="flex flex-wrap items-end gap-4 rounded-lg bg-white px-5 py-4 shadow-sm ring-1 ring-slate-200"
      aria-label="Report options"
    >
      <label className="text-xs font-medium text-slate-600">
        Conversion event
        <Input name="event" defaultValue={options.event} className="mt-1" />
      </label>
      <label className="text-xs font-medium text-slate-600">
        Revenue property
        <Input name="property" defaultValue={options.property} className="mt-1" />
      </label>
      <label className="text-xs font-medium text-slate-600">
        Window after entry (days)
        <Input name="windowDays" type="number" min={1} max={90} defaultValue={options.windowDays} className="mt-1 w-28" />
      </label>
      <button type="submit" className={buttonClasses({ variant: "secondary" })}>
        Update report
      </button>
    </form>
  );
}
