"use client";

import { Check } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/actions/action-result";

/** "I'm on it": recorded in the audit log; the alert still clears by itself when the problem does. */
export function AcknowledgeButton({ alertId, action }: { alertId: string; action: (input: unknown) => Promise<ActionResult> }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <div className="flex flex-col items-end gap-1">
      <Button
        size="sm"
        variant="secondary"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const r = await action({ alertId });
            if (!r.ok) return setError(r.error);
            router.refresh();
          })
        }
      >
        <Check aria-hidden />
        {pending ? "Acknowledging…" : "Acknowledge"}
      </Button>
      {error && <p className="text-xs text-red-600">{error}</p>}
    </div>
  );
}
