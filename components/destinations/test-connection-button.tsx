"use client";

import { PlugZap } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/actions/action-result";
import type { ConnectionTest } from "@/lib/connectors/contract";

export function TestConnectionButton({
  destinationId,
  action,
}: {
  destinationId: string;
  action: (input: unknown) => Promise<ActionResult<{ test: ConnectionTest }>>;
}) {
  const router = useRouter();
  const [result, setResult] = useState<ConnectionTest | { ok: false; message: string; hint?: string } | null>(null);
  const [pending, start] = useTransition();
  return (
    <div className="space-y-3">
      <Button
        variant="secondary"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const r = await action({ destinationId });
            setResult(r.ok ? r.test : { ok: false, message: r.error });
            router.refresh();
          })
        }
      >
        <PlugZap aria-hidden />
        {pending ? "Testing…" : "Test connection"}
      </Button>
      {result &&
        (result.ok ? (
          <Alert tone="success" title="Connected">
            {result.detail}
          </Alert>
        ) : (
          <Alert tone="error" title="Connection failed">
            {result.message}
            {result.hint && <p className="mt-1 text-red-700/80">{result.hint}</p>}
          </Alert>
        ))}
    </div>
  );
}
