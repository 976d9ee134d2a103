import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Wordmark } from "@/components/layout/wordmark";
import { OIDC_PROVIDER_ID, oidcConfig, passwordSignInEnabled } from "@/lib/auth/oidc-config";
import { safeCallback } from "@/lib/auth/safe-callback";
import { currentActor } from "@/lib/auth/session";
import { DEMO_PASSWORD, demoUsers } from "@/lib/demo/demo-users";
import { ssoRefusal } from "@/lib/auth/sso-refusal";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<{ callbackUrl?: string | string[]; sso?: string | string[]; error?: string | string[] }> };

export default async function LoginPage({ searchParams }: Props) {
  const params = await searchParams;
  const callbackUrl = safeCallback(params.callbackUrl);
  if (await currentActor()) redirect(callbackUrl);
  // Read at request time so one build serves both demo and real deployments.
  const demoMode = process.env.DEMO_MODE === "1" || process.env.DEMO_MODE === "true";
  const passwords = passwordSignInEnabled();
  const config = oidcConfig();
  // ?sso=<reason> is our refusal (lib/auth/sign-in-with-oidc.ts); ?error=<code> is next-auth's.
  const sso = config ? { label: config.displayName, providerId: OIDC_PROVIDER_ID, refusal: ssoRefusal(params.sso, params.error) } : null;
  const demo = demoMode ? { password: DEMO_PASSWORD, users: demoUsers.map((u) => ({ email: u.email, role: u.role })) } : null;

  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="text-center">
          <Wordmark size="lg" />
          <p className="mt-3 text-sm text-slate-500">Define your audiences once. Keep every channel in sync.</p>
        </div>
        <LoginForm callbackUrl={callbackUrl} demo={demo} sso={sso} passwords={passwords} />
      </div>
    </main>
  );
}
