import { Database, Megaphone, Webhook } from "lucide-react";

/** A small icon per destination kind; ad platforms share one (their names say which). */
export function KindIcon({ kind, className = "size-4" }: { kind: string; className?: string }) {
  const Icon = kind === "webhook" ? Webhook : kind === "warehouse" ? Database : Megaphone;
  return <Icon className={className} aria-hidden />;
}
