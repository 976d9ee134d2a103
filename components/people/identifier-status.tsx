import { Badge } from "@/components/ui/badge";

/** Whether an identifier will match on ad platforms, in words a marketer reads at a glance. */
export function IdentifierStatus({ valid, prehashed, error }: { valid: boolean; prehashed?: boolean; error: string | null }) {
  if (prehashed) return <Badge tone="accent">Pre-hashed</Badge>;
  if (valid) return <Badge tone="success">Valid</Badge>;
  if (error === "missing") return <Badge tone="neutral">Missing</Badge>;
  return <Badge tone="danger">Invalid</Badge>;
}
