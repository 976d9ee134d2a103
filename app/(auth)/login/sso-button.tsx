"use client";

import { KeyRound, LoaderCircle } from "lucide-react";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/ui/button";

// Starts next-auth's OIDC flow (CSRF token, PKCE, state and nonce are next-auth's); the identity
// provider sends the person back to /api/auth/callback/oidc, then to `callbackUrl`.
export function SsoButton({
  label,
  providerId,
  callbackUrl,
  primary,
}: {
  label: string;
  providerId: string;
  callbackUrl: string;
  primary: boolean;
}) {
  const [pending, setPending] = useState(false);
  return (
    <Button
      type="button"
      variant={primary ? "primary" : "secondary"}
      className="w-full"
      disabled={pending}
      onClick={() => {
        setPending(true);
        void signIn(providerId, { callbackUrl }).catch(() => setPending(false));
      }}
    >
      {pending ? <LoaderCircle className="animate-spin" aria-hidden /> : <KeyRound aria-hidden />}
      {label}
    </Button>
  );
}
