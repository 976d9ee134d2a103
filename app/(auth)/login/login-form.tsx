"use client";

import { LoaderCircle } from "lucide-react";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useRef, useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { DemoSignIns, type DemoAccounts } from "./demo-sign-ins";

const WRONG_CREDENTIALS = "That email and password don't match an active account.";

export function LoginForm({ callbackUrl, demo }: { callbackUrl: string; demo: DemoAccounts | null }) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    try {
      const result = await signIn("credentials", {
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
        redirect: false,
      });
      if (!result?.ok || result.error) {
        // next-auth reports a refused credentials check as "CredentialsSignin"; anything else is the server.
        setError(!result || result.error === "CredentialsSignin" ? WRONG_CREDENTIALS : "Sign-in is unavailable right now. Try again in a moment.");
        setPending(false);
        return;
      }
      router.replace(callbackUrl);
      router.refresh();
    } catch {
      setError("Couldn't reach the server. Check your connection and try again.");
      setPending(false);
    }
  }

  function fill(email: string, password: string) {
    const form = formRef.current;
    if (!form) return;
    (form.elements.namedItem("email") as HTMLInputElement).value = email;
    (form.elements.namedItem("password") as HTMLInputElement).value = password;
    setError(null);
    (form.elements.namedItem("password") as HTMLInputElement).focus();
  }

  return (
    <>
      <div className="mt-8 rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
        <h1 className="text-base font-semibold text-slate-900">Sign in to your workspace</h1>
        <form ref={formRef} onSubmit={onSubmit} className="mt-5 space-y-4">
          {error && <Alert tone="error">{error}</Alert>}
          <div>
            <Label htmlFor="email">Email</Label>
            <Input id="email" name="email" type="email" autoComplete="username" required autoFocus className="mt-1.5" aria-invalid={error ? true : undefined} />
          </div>
          <div>
            <Label htmlFor="password">Password</Label>
            <Input id="password" name="password" type="password" autoComplete="current-password" required className="mt-1.5" aria-invalid={error ? true : undefined} />
          </div>
          <Button type="submit" className="w-full" disabled={pending}>
            {pending && <LoaderCircle className="animate-spin" aria-hidden />}
            {pending ? "Signing in…" : "Sign in"}
          </Button>
        </form>
      </div>
      {demo && <DemoSignIns demo={demo} onPick={(email) => fill(email, demo.password)} />}
    </>
  );
}
