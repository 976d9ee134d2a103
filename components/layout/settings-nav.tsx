"use client";

import { clsx } from "clsx";
import Link from "next/link";
import { usePathname } from "next/navigation";

const tabs = [
  { href: "/settings/users", label: "Users" },
  { href: "/settings/tokens", label: "API tokens" },
  { href: "/settings/sources", label: "Sources" },
  { href: "/settings/notifications", label: "Notifications" },
  { href: "/settings/global-control", label: "Global control" },
  { href: "/settings/approvals", label: "Approvals" },
  { href: "/settings/audit", label: "Audit log" },
  { href: "/settings/api", label: "API reference" },
];

export function SettingsNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Settings" className="mb-8 border-b border-slate-200">
      <ul className="-mb-px flex gap-6">
        {tabs.map((t) => {
          const active = pathname === t.href || pathname.startsWith(`${t.href}/`);
          return (
            <li key={t.href}>
              <Link
                href={t.href}
                aria-current={active ? "page" : undefined}
                className={clsx(
                  "inline-block border-b-2 pb-3 text-sm transition-colors",
                  active
                    ? "border-indigo-600 font-medium text-indigo-700"
                    : "border-transparent text-slate-500 hover:border-slate-300 hover:text-slate-800",
                )}
              >
                {t.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
