"use client";

import { clsx } from "clsx";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { isActive, navGroups } from "@/components/layout/nav-items";
import { RoleBadge } from "@/components/layout/role-badge";
import { SignOutButton } from "@/components/layout/sign-out-button";
import { Wordmark } from "@/components/layout/wordmark";
import type { Role } from "@/lib/auth/roles";

// The aside stretches with the page so the white column never ends early; its content
// stays pinned to the viewport while the page scrolls.
export function Sidebar({ email, role }: { email: string; role: Role }) {
  const pathname = usePathname();
  return (
    <aside className="w-60 shrink-0 border-r border-slate-200 bg-white">
      <div className="sticky top-0 flex h-screen flex-col">
        <div className="flex h-16 shrink-0 items-center px-5">
          <Link href="/" className="rounded-md focus-visible:outline-2 focus-visible:outline-offset-4 focus-visible:outline-indigo-600">
            <Wordmark />
          </Link>
        </div>
        <nav aria-label="Main" className="flex-1 overflow-y-auto px-3 pb-4">
          {navGroups.map((group, i) => (
            <div key={group.label ?? i} className={clsx(i > 0 && "mt-5")}>
              {group.label && <p className="px-2 pb-1.5 text-[11px] font-medium tracking-wide text-slate-400 uppercase">{group.label}</p>}
              <ul className="space-y-0.5">
                {group.items.map(({ href, label, icon: Icon }) => {
                  const active = isActive(pathname, href);
                  return (
                    <li key={href}>
                      <Link
                        href={href}
                        aria-current={active ? "page" : undefined}
                        className={clsx(
                          "flex items-center gap-2.5 rounded-md px-2 py-1.5 text-sm transition-colors",
                          active ? "bg-indigo-50 font-medium text-indigo-700" : "text-slate-600 hover:bg-slate-50 hover:text-slate-900",
                        )}
                      >
                        <Icon className={clsx("size-4", active ? "text-indigo-600" : "text-slate-400")} aria-hidden />
                        {label}
                      </Link>
                    </li>
                  );
                })}
              </ul>
            </div>
          ))}
        </nav>
        <div className="flex items-center gap-2 border-t border-slate-200 px-4 py-3">
          <div className="min-w-0 flex-1">
            <p className="truncate text-xs font-medium text-slate-700" title={email} data-testid="signed-in-email">
              {email}
            </p>
            <div className="mt-1" data-testid="signed-in-role">
              <RoleBadge role={role} />
            </div>
          </div>
          <SignOutButton />
        </div>
      </div>
    </aside>
  );
}
