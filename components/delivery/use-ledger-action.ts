"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/actions/action-result";

export type LedgerAction<T extends object = object> = (input: unknown) => Promise<ActionResult<T>>;

/**
 * Runs a ledger page's server action (pause, set live, replay…) and re-reads the page. The message
 * is the refusal, or what `said` makes of a success (none without it).
 */
export function useLedgerAction() {
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, start] = useTransition();
  const run = <T extends object>(action: LedgerAction<T>, input: unknown, said?: (r: T) => string) =>
    start(async () => {
      const r = await action(input);
      setMessage(r.ok ? (said ? { ok: true, text: said(r) } : null) : { ok: false, text: r.error });
      router.refresh();
    });
  return { message, pending, run };
}
