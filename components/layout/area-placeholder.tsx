import type { LucideIcon } from "lucide-react";
import type { ReactNode } from "react";
import { ComingSoonButton } from "@/components/layout/coming-soon-button";
import { EmptyState } from "@/components/layout/empty-state";
import { PageHeader } from "@/components/layout/page-header";
import type { Role } from "@/lib/auth/roles";

type Props = {
  title: string;
  summary: string;
  icon: LucideIcon;
  emptyTitle: string;
  emptyDescription: ReactNode;
  role: Role;
  /** The create action this area will have, and who may use it. */
  action?: { label: string; requires: Role };
};

/** The page for an area that is not built yet: what it will do, honestly, and nothing fake. */
export function AreaPlaceholder({ title, summary, icon, emptyTitle, emptyDescription, role, action }: Props) {
  const button = action ? <ComingSoonButton label={action.label} role={role} requires={action.requires} /> : null;
  return (
    <>
      <PageHeader title={title} description={summary} actions={button} />
      <EmptyState icon={icon} title={emptyTitle} description={emptyDescription} status="Coming soon" />
    </>
  );
}
