"use client";

import { clsx } from "clsx";
import { useRef } from "react";
import { noteWhere, type TemplateNote } from "@/components/webhook-actions/template-notes";

// A Liquid template box: monospace, with line numbers, and each problem or warning shown at its
// line (the number turns red or amber, the message is listed under the box with "Line 3, column 14").
// The gutter scrolls with the text so the numbers stay beside their lines.

export function TemplateEditor({
  id,
  value,
  onChange,
  notes = [],
  rows = 12,
  describedBy,
}: {
  id: string;
  value: string;
  onChange: (v: string) => void;
  notes?: TemplateNote[];
  rows?: number;
  describedBy?: string;
}) {
  const gutter = useRef<HTMLDivElement>(null);
  const lines = Math.max(rows, value.split("\n").length);
  const tone = new Map<number, "error" | "warning">();
  for (const n of notes) if (n.line && tone.get(n.line) !== "error") tone.set(n.line, n.kind);
  const invalid = notes.some((n) => n.kind === "error");
  return (
    <div>
      <div
        className={clsx(
          "flex overflow-hidden rounded-md bg-white shadow-sm ring-1 ring-inset focus-within:ring-2 focus-within:ring-indigo-600",
          invalid ? "ring-2 ring-red-500" : "ring-slate-300",
        )}
      >
        <div
          ref={gutter}
          aria-hidden
          className="shrink-0 overflow-hidden border-r border-slate-200 bg-slate-50 py-2 pr-2 pl-3 text-right font-mono text-xs leading-5 text-slate-400 select-none"
          style={{ height: `${rows * 1.25 + 1}rem` }}
        >
          {Array.from({ length: lines }, (_, i) => (
            <div
              key={i}
              className={clsx(
                tone.get(i + 1) === "error" && "font-semibold text-red-600",
                tone.get(i + 1) === "warning" && "font-semibold text-amber-600",
              )}
            >
              {i + 1}
            </div>
          ))}
        </div>
        <textarea
          id={id}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          onScroll={(e) => gutter.current && (gutter.current.scrollTop = e.currentTarget.scrollTop)}
          spellCheck={false}
          wrap="off"
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          className="block w-full resize-none overflow-auto border-0 bg-transparent px-3 py-2 font-mono text-xs leading-5 text-slate-900 focus:ring-0 focus:outline-none"
          style={{ height: `${rows * 1.25 + 1}rem` }}
        />
      </div>
      <NoteList notes={notes} id={describedBy} />
    </div>
  );
}

/** Problems (red) and warnings (amber), each with where it is. */
export function NoteList({ notes, id }: { notes: TemplateNote[]; id?: string }) {
  if (!notes.length) return null;
  return (
    <ul id={id} className="mt-1.5 space-y-1 text-xs" data-testid="template-notes">
      {notes.map((n, i) => (
        <li key={i} className={n.kind === "error" ? "text-red-600" : "text-amber-700"} data-kind={n.kind}>
          {noteWhere(n) && <span className="font-medium">{noteWhere(n)}: </span>}
          {n.message}
        </li>
      ))}
    </ul>
  );
}
