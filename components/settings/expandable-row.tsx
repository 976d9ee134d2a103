"use client";

import { clsx } from "clsx";
import { ChevronRight } from "lucide-react";
import { useId, useState, type ReactNode } from "react";

/** A table row whose detail opens in a full-width row beneath it. */
export function ExpandableRow({ cells, detail, colSpan, label }: { cells: ReactNode; detail: ReactNode; colSpan: number; label: string }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <>
      <tr className={clsx("align-middle", open && "bg-slate-50/60")} data-testid="audit-row">
        <td className="w-8 py-3 pl-3">
          <button
            type="button"
            aria-expanded={open}
            aria-controls={id}
            aria-label={`${open ? "Hide" : "Show"} changes for ${label}`}
            onClick={() => setOpen((o) => !o)}
            className="rounded p-1 text-slate-400 hover:bg-slate-100 hover:text-slate-700"
          >
            <ChevronRight className={clsx("size-4 transition-transform", open && "rotate-90")} aria-hidden />
          </button>
        </td>
        {cells}
      </tr>
      <tr id={id} hidden={!open} className="bg-slate-50/60">
        <td />
        <td colSpan={colSpan - 1} className="px-4 pt-1 pb-4">
          {detail}
        </td>
      </tr>
    </>
  );
}
