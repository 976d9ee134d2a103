import {
  Activity,
  Bell,
  Fingerprint,
  FlaskConical,
  Funnel,
  LayoutDashboard,
  LineChart,
  RefreshCw,
  Scale,
  Send,
  Settings,
  ShieldOff,
  Users,
  Webhook,
  type LucideIcon,
} from "lucide-react";

// Every product area, in the order a workspace is set up and then watched.
export type NavItem = { href: string; label: string; icon: LucideIcon };

export const navGroups: { label?: string; items: NavItem[] }[] = [
  { items: [{ href: "/", label: "Overview", icon: LayoutDashboard }] },
  {
    label: "Audiences",
    items: [
      { href: "/people", label: "People", icon: Users },
      { href: "/identity", label: "Identity", icon: Fingerprint },
      { href: "/segments", label: "Segments", icon: Funnel },
      { href: "/destinations", label: "Destinations", icon: Send },
      { href: "/syncs", label: "Syncs", icon: RefreshCw },
      { href: "/suppression", label: "Suppression", icon: ShieldOff },
    ],
  },
  {
    label: "Activation",
    items: [
      { href: "/event-streams", label: "Event streams", icon: Activity },
      { href: "/webhook-actions", label: "Webhook actions", icon: Webhook },
    ],
  },
  {
    label: "Monitoring",
    items: [
      { href: "/monitoring", label: "Monitoring", icon: LineChart },
      { href: "/measurement", label: "Measurement", icon: Scale },
      { href: "/validation", label: "Validation", icon: FlaskConical },
      { href: "/alerts", label: "Alerts", icon: Bell },
    ],
  },
  { label: "Workspace", items: [{ href: "/settings", label: "Settings", icon: Settings }] },
];

export function isActive(pathname: string, href: string) {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}
