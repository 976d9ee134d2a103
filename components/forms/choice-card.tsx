import type { ReactNode } from "react";

/**
 * One option of a radio group drawn as a card: a title and a line saying what it means.
 * Without `onSelect` it only shows the choice made (a saved stream's fixed destination kind).
 */
export function ChoiceCard({
  name,
  checked,
  onSelect,
  title,
  words,
  className = "",
}: {
  name: string;
  checked: boolean;
  onSelect?: () => void;
  title: ReactNode;
  words: ReactNode;
  className?: string;
}) {
  return (
    <label
      className={`flex cursor-pointer items-start gap-2 rounded-lg p-3 text-sm ring-1 ${checked ? "bg-indigo-50 ring-indigo-300" : "ring-slate-200"} ${className}`}
    >
      {onSelect && <input type="radio" name={name} checked={checked} onChange={onSelect} className="mt-0.5" />}
      <span>
        <span className="font-medium text-slate-900">{title}</span>
        <span className="block text-xs text-slate-500">{words}</span>
      </span>
    </label>
  );
}
