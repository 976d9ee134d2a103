"use client";

import { Activity, Clock, Fingerprint, Layers, ListTree, Plus, UserRound, Workflow } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { newRule, type Rule, type RuleKind } from "@/components/segments/builder/draft";
import { Button } from "@/components/ui/button";

// The kinds of rule, each with an example in the words a marketer would use.
const KINDS: { kind: RuleKind; title: string; example: string; icon: typeof Activity }[] = [
  {
    kind: "sequence",
    title: "Did something, and nothing since",
    example: "Started checkout, no purchase since, at least 2 hours ago",
    icon: Workflow,
  },
  { kind: "event", title: "Did (or did not do) something", example: "Added to cart at least twice in the last 7 days", icon: Activity },
  { kind: "recency", title: "Time since they last did something", example: "Last purchase more than 90 days ago", icon: Clock },
  { kind: "attribute", title: "Profile field", example: "Country is one of US, CA", icon: UserRound },
  {
    kind: "identifier",
    title: "Can be matched by ad platforms",
    example: "Has an email address or a valid phone number",
    icon: Fingerprint,
  },
  { kind: "segment", title: "In another segment", example: "Is not in “Purchased in the last 7 days”", icon: Layers },
  { kind: "group", title: "Group of rules", example: "Opened OR clicked an email in the last 30 days", icon: ListTree },
];

export function AddRuleMenu({
  onAdd,
  allowGroups = true,
  label = "Add rule",
}: {
  onAdd: (rule: Rule) => void;
  allowGroups?: boolean;
  label?: string;
}) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => !ref.current?.contains(e.target as Node) && setOpen(false);
    const esc = (e: KeyboardEvent) => e.key === "Escape" && setOpen(false);
    document.addEventListener("mousedown", close);
    document.addEventListener("keydown", esc);
    return () => {
      document.removeEventListener("mousedown", close);
      document.removeEventListener("keydown", esc);
    };
  }, [open]);
  return (
    <div ref={ref} className="relative inline-block">
      <Button variant="secondary" size="sm" onClick={() => setOpen(!open)} aria-expanded={open} aria-haspopup="menu">
        <Plus /> {label}
      </Button>
      {open && (
        <div role="menu" className="absolute left-0 z-20 mt-2 w-96 rounded-lg bg-white p-1.5 shadow-lg ring-1 ring-slate-200">
          {KINDS.filter((k) => allowGroups || k.kind !== "group").map((k) => (
            <button
              key={k.kind}
              type="button"
              role="menuitem"
              onClick={() => {
                onAdd(newRule(k.kind));
                setOpen(false);
              }}
              className="flex w-full items-start gap-3 rounded-md px-3 py-2 text-left hover:bg-indigo-50 focus-visible:bg-indigo-50 focus-visible:outline-none"
            >
              <k.icon className="mt-0.5 size-4 shrink-0 text-indigo-500" aria-hidden />
              <span>
                <span className="block text-sm font-medium text-slate-900">{k.title}</span>
                <span className="block text-xs text-slate-500">{k.example}</span>
              </span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
