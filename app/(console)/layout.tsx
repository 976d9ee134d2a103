import { Sidebar } from "@/components/layout/sidebar";
import { pageActor } from "@/lib/auth/page-actor";

// Everything behind sign-in. The role is read from the database per request, so the
// shell always reflects the current permissions.
export const dynamic = "force-dynamic";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const actor = await pageActor();
  return (
    <div className="flex min-h-screen">
      <Sidebar email={actor.label} role={actor.role} />
      <main className="min-w-0 flex-1">
        <div className="mx-auto max-w-6xl px-8 py-8">{children}</div>
      </main>
    </div>
  );
}
