import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { Role } from "@/lib/auth/roles";

const tone: Record<Role, BadgeTone> = { viewer: "neutral", editor: "accent", admin: "warning" };
const label: Record<Role, string> = { viewer: "Viewer", editor: "Editor", admin: "Admin" };

export function RoleBadge({ role }: { role: Role }) {
  return <Badge tone={tone[role]}>{label[role]}</Badge>;
}
