"use client";

import { LoaderCircle } from "lucide-react";
import { useActionState, useRef } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { signInAction, type SignInState } from "./actions";
import { DemoSignIns, type DemoAccounts } from "./demo-sign-ins";
import { SsoButton } from "./sso-button";

/** Single sign-on as the login page shows it: the button, and why the last attempt was refused. */
export type SsoOption = { label: string; providerId: string; refusal: string | null };

// A plain POST form bound to a server action: it signs in before the page's scripts load (or
// with JavaScript off) and the credentials stay in the request body.
export function LoginForm({
  callbackUrl,
  demo,
  sso,
  passwords,
}: {
  callbackUrl: string;
  demo: DemoAccounts | null;
  sso: SsoOption | null;
  passwords: boolean;
}) {
  const formRef = useRef<HTMLFormElement>(null);
  const [state, formAction, pending] = useActionState<SignInState, FormData>(signInAction, null);
  const error = state?.error ?? null;

  function fill(email: string, password: string) {
    const form = formRef.current;
    if (!form) return;
    (form.elements.namedItem("email") as HTMLInputElement).value = email;
    (form.elements.namedItem("password") as HTMLInputElement).value = password;
    (form.elements.namedItem("password") as HTMLInputElement).focus();
  }

  return (
    <>
      <div className="mt-8 rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
        <h1 className="text-base font-semibold text-slate-900">Sign in to your workspace</h1>
        {sso && (
          <div className="mt-5 space-y-3">
            {sso.refusal && <Alert tone="error">{sso.refusal}</Alert>}
            <SsoButton label={sso.label} providerId={sso.providerId} callbackUrl={callbackUrl} primary={!passwords} />
          </div>
        )}
        {sso && passwords && (
          <div className="mt-5 flex items-center gap-3 text-xs text-slate-400" aria-hidden>
            <span className="h-px flex-1 bg-slate-200" />
            or with your password
            <span className="h-px flex-1 bg-slate-200" />
          </div>
        )}
        {passwords && (
          <form ref={formRef} action={formAction} className="mt-5 space-y-4">
            {error && <Alert tone="error">{error}</Alert>}
            <input type="hidden" name="callbackUrl" value={callbackUrl} />
            <div>
              <Label htmlFor="email">Email</Label>
              <Input
                id="email"
                name="email"
                type="email"
                autoComplete="username"
                required
                autoFocus
                defaultValue={state?.email}
                className="mt-1.5"
                aria-invalid={error ? true : undefined}
              />
            </div>
            <div>
              <Label htmlFor="password">Password</Label>
              <Input
                id="password"
                name="password"
                type="password"
                autoComplete="current-password"
                required
                className="mt-1.5"
                aria-invalid={error ? true : undefined}
              />
            </div>
            <Button type="submit" className="w-full" disabled={pending}>
              {pending && <LoaderCircle className="animate-spin" aria-hidden />}
              {pending ? "Signing in…" : "Sign in"}
            </Button>
          </form>
        )}
      </div>
      {demo && passwords && <DemoSignIns demo={demo} onPick={(email) => fill(email, demo.password)} />}
    </>
  );
}
