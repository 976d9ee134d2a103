import type { ReactNode } from "react";
import { CopyField } from "@/components/ui/copy-field";
import { Label } from "@/components/ui/label";

/** A secret made on saving (a stream's signing secret, an action's signing key), shown this once. */
export function OneTimeSecret({ label, value, children }: { label: string; value: string; children: ReactNode }) {
  return (
    <div className="space-y-2">
      <Label>{label}: copy it now</Label>
      <CopyField value={value} label={label} />
      <p className="text-xs text-slate-500">{children}</p>
    </div>
  );
}
