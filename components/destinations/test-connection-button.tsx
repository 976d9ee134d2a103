"use client";

import { PlugZap } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/actions/action-result";

export function TestConnectionButton({
  destinationId,
  action,
}: {
  destinationId: string;
  action: (input: unknown) => Promise<ActionResult<object>>;
}) {
  const router = useRouter();
  // A test that ran (passed or failed) is stored and shown by the page's own banner once the
  // refresh lands (its header says when); showing it here too put two identical boxes on the page.
  // Only an error of the action itself (nothing was tested, nothing stored) is shown here.
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <div className="space-y-3">
      <Button
        variant="secondary"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const r = await action({ destinationId });
            setError(r.ok ? null : r.error);
            router.refresh();
          })
        }
      >
        <PlugZap aria-hidden />
        {pending ? "Testing…" : "Test connection"}
      </Button>
      {error && (
        <Alert tone="error" title="The connection could not be tested">
          {error}
        </Alert>
      )}
    </div>
  );
}
