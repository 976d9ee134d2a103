"use client";

import { useId, type ReactNode } from "react";

/**
 * A CSS-only tooltip on hover and keyboard focus. The wrapper is focusable so the hint
 * also reaches people who tab to a disabled control (disabled buttons take no focus).
 */
export function Tooltip({ label, children }: { label: string; children: ReactNode }) {
  const id = useId();
  return (
    <span
      tabIndex={0}
      aria-describedby={id}
      className="group relative inline-flex rounded-md focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
    >
      {children}
      <span
        role="tooltip"
        id={id}
        className="pointer-events-none invisible absolute top-full right-0 z-20 mt-2 rounded-md bg-slate-900 px-2 py-1 text-xs font-medium whitespace-nowrap text-white opacity-0 shadow-lg transition-opacity group-hover:visible group-hover:opacity-100 group-focus-visible:visible group-focus-visible:opacity-100"
      >
        {label}
      </span>
    </span>
  );
}
