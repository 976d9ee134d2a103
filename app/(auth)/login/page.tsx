import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Wordmark } from "@/components/layout/wordmark";
import { safeCallback } from "@/lib/auth/safe-callback";
import { currentActor } from "@/lib/auth/session";
import { DEMO_PASSWORD, demoUsers } from "@/lib/demo/demo-users";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<{ callbackUrl?: string | string[] }> };

export default async function LoginPage({ searchParams }: Props) {
  const callbackUrl = safeCallback((await searchParams).callbackUrl);
  if (await currentActor()) redirect(callbackUrl);
  // Read at request time so one build serves both demo and real deployments.
  const demoMode = process.env.DEMO_MODE === "1" || process.env.DEMO_MODE === "true";
  const demo = demoMode ? { password: DEMO_PASSWORD, users: demoUsers.map((u) => ({ email: u.email, role: u.role })) } : null;

  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="text-center">
          <Wordmark size="lg" />
          <p className="mt-3 text-sm text-slate-500">Define your audiences once. Keep every channel in sync.</p>
        </div>
        <LoginForm callbackUrl={callbackUrl} demo={demo} />
      </div>
    </main>
  );
}
