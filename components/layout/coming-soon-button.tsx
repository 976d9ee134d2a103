import { Plus, type LucideIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Tooltip } from "@/components/ui/tooltip";
import { hasRole, type Role } from "@/lib/auth/roles";

type Props = { label: string; role: Role; requires: Role; icon?: LucideIcon };

/**
 * The primary action an area will have once it is built: visible (but disabled) to people
 * who will be allowed to use it, absent for everyone else, so nobody is shown a door they
 * can never open.
 */
export function ComingSoonButton({ label, role, requires, icon: Icon = Plus }: Props) {
  if (!hasRole(role, requires)) return null;
  return (
    <Tooltip label="Coming soon">
      <Button disabled>
        <Icon aria-hidden />
        {label}
      </Button>
    </Tooltip>
  );
}
