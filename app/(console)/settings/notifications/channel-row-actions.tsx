"use client";

import { Send } from "lucide-react";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import type { TestResult } from "@/lib/monitoring/notifications/send-test-notification";
import { deleteChannelAction, testChannelAction } from "./actions";

/** Sends a test through the channel's delivery outbox and shows what the channel answered. */
export function SendTestButton({ channelId, name }: { channelId: string; name: string }) {
  const [open, setOpen] = useState(false);
  const [result, setResult] = useState<TestResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function send() {
    setOpen(true);
    setResult(null);
    setError(null);
    startTransition(async () => {
      const r = await testChannelAction({ channelId });
      if (r.ok) setResult(r.result);
      else setError(r.error);
    });
  }

  const attempt = result?.attempts.find((a) => a.outcome !== "delivered") ?? result?.attempts[0];
  return (
    <>
      <Button size="sm" variant="secondary" onClick={send} disabled={pending}>
        <Send aria-hidden />
        Send test
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title={`Test notification to “${name}”`}>
        <div className="space-y-3" data-testid="test-result">
          {pending && <Alert tone="info">Sending… waiting for the channel to answer (up to 20 seconds).</Alert>}
          {error && <Alert tone="error">{error}</Alert>}
          {result && (
            <Alert
              tone={result.outcome === "delivered" ? "success" : result.outcome === "failed" ? "error" : "warning"}
              title={result.outcome === "delivered" ? "Delivered" : result.outcome === "failed" ? "Not delivered" : "Waiting"}
            >
              {result.message}
            </Alert>
          )}
          {attempt && (
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
              <dt className="text-slate-500">Took</dt>
              <dd>{(attempt.durationMs / 1000).toFixed(1)} s</dd>
              {attempt.status !== null && (
                <>
                  <dt className="text-slate-500">HTTP status</dt>
                  <dd>{attempt.status}</dd>
                </>
              )}
              {attempt.responseExcerpt && (
                <>
                  <dt className="text-slate-500">It answered</dt>
                  <dd>
                    <code className="font-mono text-xs break-all whitespace-pre-wrap text-slate-700">{attempt.responseExcerpt}</code>
                  </dd>
                </>
              )}
            </dl>
          )}
        </div>
        <DialogActions>
          <Button variant="secondary" onClick={() => setOpen(false)}>
            Close
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}

export function DeleteChannelButton({ channelId, name, queued }: { channelId: string; name: string; queued: number }) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function remove() {
    startTransition(async () => {
      const result = await deleteChannelAction({ channelId });
      if (result.ok) setOpen(false);
      else setError(result.error);
    });
  }

  return (
    <>
      <Button size="sm" variant="danger" onClick={() => setOpen(true)}>
        Delete
      </Button>
      <Dialog
        open={open}
        onClose={() => {
          setOpen(false);
          setError(null);
        }}
        title={`Delete “${name}”?`}
        description={
          queued > 0
            ? `${queued.toLocaleString("en-US")} notification${queued === 1 ? " is" : "s are"} still waiting to go out on it and will be dropped. Alert rules that use it stop notifying it.`
            : "Alert rules that use it stop notifying it. This can't be undone."
        }
      >
        {error && <Alert tone="error">{error}</Alert>}
        <DialogActions>
          <Button variant="secondary" onClick={() => setOpen(false)}>
            Cancel
          </Button>
          <Button variant="danger-solid" disabled={pending} onClick={remove}>
            {pending ? "Deleting…" : "Delete channel"}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
