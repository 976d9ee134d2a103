"use client";

import { Pause, Play, RotateCw } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { LedgerDeleteButton } from "@/components/delivery/ledger-delete-button";
import { useLedgerAction } from "@/components/delivery/use-ledger-action";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CopyField } from "@/components/ui/copy-field";
import type { ActionResult } from "@/lib/actions/action-result";

type Action<T extends object = object> = (input: unknown) => Promise<ActionResult<T>>;

/** Pause or Resume (by the ledger's state), and Delete with how many undelivered events it drops. */
export function StreamStateActions({
  streamId,
  paused,
  undelivered,
  pause,
  resume,
  remove,
}: {
  streamId: string;
  paused: boolean;
  undelivered: number;
  pause: Action;
  resume: Action;
  remove: Action;
}) {
  const { message, pending, run } = useLedgerAction();
  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex gap-2">
        {paused ? (
          <Button onClick={() => run(resume, { streamId })} disabled={pending}>
            <Play aria-hidden /> Resume
          </Button>
        ) : (
          <Button variant="secondary" onClick={() => run(pause, { streamId })} disabled={pending}>
            <Pause aria-hidden /> Pause
          </Button>
        )}
        <LedgerDeleteButton
          title="Delete this stream?"
          noun="event"
          undelivered={undelivered}
          input={{ streamId }}
          action={remove}
          redirectTo="/event-streams"
        />
      </div>
      {message && <Alert tone="error">{message.text}</Alert>}
    </div>
  );
}

/** Rotate the signing secret (the new one shown once) and, during a rotation, end it now. */
export function SecretActions({
  streamId,
  rotating,
  rotate,
  endRotation,
}: {
  streamId: string;
  rotating: boolean;
  rotate: Action<{ signingSecret: string }>;
  endRotation: Action;
}) {
  const router = useRouter();
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <div className="space-y-3">
      {secret && (
        <div className="space-y-2 rounded-lg bg-emerald-50 p-3 ring-1 ring-emerald-200" data-testid="new-secret">
          <p className="text-sm font-medium text-emerald-900">New signing secret: copy it now, it will not be shown again.</p>
          <CopyField value={secret} label="New signing secret" />
          <p className="text-xs text-emerald-900">
            Requests are signed with both the new and the previous secret for 24 hours, so update your endpoint any time before then.
          </p>
        </div>
      )}
      {error && <Alert tone="error">{error}</Alert>}
      <div className="flex gap-2">
        <Button
          variant="secondary"
          size="sm"
          disabled={pending}
          onClick={() =>
            start(async () => {
              const r = await rotate({ streamId });
              if (!r.ok) return setError(r.error);
              setSecret(r.signingSecret);
              router.refresh();
            })
          }
        >
          <RotateCw aria-hidden /> Rotate secret
        </Button>
        {rotating && (
          <Button
            variant="ghost"
            size="sm"
            disabled={pending}
            onClick={() =>
              start(async () => {
                const r = await endRotation({ streamId });
                if (!r.ok) return setError(r.error);
                setSecret(null);
                router.refresh();
              })
            }
          >
            Stop signing with the previous secret now
          </Button>
        )}
      </div>
    </div>
  );
}
