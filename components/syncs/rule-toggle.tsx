"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/actions/action-result";

export function RuleToggle({
  ruleId,
  enabled,
  action,
}: {
  ruleId: string;
  enabled: boolean;
  action: (input: unknown) => Promise<ActionResult>;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <Button
      size="sm"
      variant="secondary"
      disabled={pending}
      onClick={() =>
        start(async () => {
          await action({ ruleId, enabled: !enabled });
          router.refresh();
        })
      }
    >
      {enabled ? "Disable" : "Enable"}
    </Button>
  );
}
