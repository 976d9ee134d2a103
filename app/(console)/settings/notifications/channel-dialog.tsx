"use client";

import { Plus } from "lucide-react";
import { useState, useTransition, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CopyField } from "@/components/ui/copy-field";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import type { ActionFailure } from "@/lib/actions/action-result";
import { createChannelAction, updateChannelAction } from "./actions";

type Kind = "email" | "slack" | "pagerduty" | "webhook";

export type EditableChannel = {
  id: string;
  name: string;
  kind: Kind;
  settings: Record<string, unknown>;
  /** Saved secrets as previews ("…abcd"): the fields stay empty and keep these unless typed over. */
  secrets: Record<string, string>;
};

const KIND_OPTIONS: { value: Kind; label: string; hint: string }[] = [
  { value: "email", label: "Email (SMTP)", hint: "Sent through your mail server to the addresses you list." },
  { value: "slack", label: "Slack", hint: "Posted to a channel through a Slack incoming webhook." },
  { value: "pagerduty", label: "PagerDuty", hint: "Opens, acknowledges and resolves one PagerDuty incident per alert." },
  { value: "webhook", label: "Signed webhook", hint: "A JSON POST to your URL, signed like Downstream's other webhooks." },
];

const PAGERDUTY_EVENTS_URL = "https://events.pagerduty.com/v2/enqueue";

const str = (v: unknown) => (typeof v === "string" ? v : v === undefined || v === null ? "" : String(v));

/** The request to save: settings as the kind needs them, and only the secrets typed in. */
function inputOf(kind: Kind, f: FormData) {
  const get = (k: string) => String(f.get(k) ?? "").trim();
  // Secrets left empty are not sent: on a change they keep their saved value.
  const credentials: Record<string, string> = {};
  const put = (k: string) => {
    if (get(k)) credentials[k] = get(k);
  };
  let settings: Record<string, unknown> = {};
  if (kind === "email") {
    settings = {
      host: get("host"),
      port: get("port") || "587",
      secure: f.get("secure") === "on",
      ...(get("user") ? { user: get("user") } : {}),
      from: get("from"),
      to: get("to")
        .split(/[\s,;]+/)
        .filter(Boolean),
    };
    put("password");
  } else if (kind === "slack") put("webhookUrl");
  else if (kind === "pagerduty") {
    settings = { eventsUrl: get("eventsUrl") || PAGERDUTY_EVENTS_URL };
    put("routingKey");
  } else {
    settings = { url: get("url") };
    put("authorization");
  }
  return { name: get("name"), settings, credentials };
}

export function ChannelDialog({ channel }: { channel?: EditableChannel }) {
  const editing = !!channel;
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<Kind>(channel?.kind ?? "email");
  const [failure, setFailure] = useState<ActionFailure | null>(null);
  const [secret, setSecret] = useState<{ value: string; name: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const s = channel?.settings ?? {};
  const saved = channel?.secrets ?? {};

  const close = () => {
    setOpen(false);
    setFailure(null);
    setSecret(null);
    if (!editing) setKind("email");
  };
  const err = (path: string) => {
    const fe = failure?.fieldErrors;
    if (!fe) return undefined;
    return fe[path] ?? Object.entries(fe).find(([k]) => k.startsWith(`${path}.`))?.[1];
  };
  const keepHint = (k: string, hint: string) => (saved[k] ? `Saved (${saved[k]}). Leave empty to keep it.` : hint);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const input = inputOf(kind, new FormData(e.currentTarget));
    startTransition(async () => {
      if (channel) {
        const result = await updateChannelAction({
          channelId: channel.id,
          change: {
            name: input.name,
            settings: input.settings,
            ...(Object.keys(input.credentials).length ? { credentials: input.credentials } : {}),
          },
        });
        if (result.ok) close();
        else setFailure(result);
        return;
      }
      const result = await createChannelAction({ kind, ...input });
      if (!result.ok) setFailure(result);
      else if (result.signingSecret) setSecret({ value: result.signingSecret, name: result.name });
      else close();
    });
  }

  return (
    <>
      {editing ? (
        <Button size="sm" variant="secondary" onClick={() => setOpen(true)}>
          Edit
        </Button>
      ) : (
        <Button onClick={() => setOpen(true)}>
          <Plus aria-hidden />
          Add channel
        </Button>
      )}
      <Dialog
        open={open}
        onClose={close}
        title={secret ? `Channel “${secret.name}” created` : editing ? `Edit “${channel.name}”` : "Add a notification channel"}
      >
        {secret ? (
          <div className="space-y-4">
            <Alert tone="warning" title="Copy the signing secret now">
              Your receiver uses it to check that notifications come from Downstream (Standard Webhooks). It won&apos;t be shown again.
            </Alert>
            <CopyField value={secret.value} label="Signing secret" />
            <DialogActions>
              <Button onClick={close}>I&apos;ve copied it</Button>
            </DialogActions>
          </div>
        ) : (
          <form onSubmit={onSubmit} className="space-y-4" noValidate>
            {failure && <Alert tone="error">{failure.error}</Alert>}
            {!editing && (
              <Field label="Kind" htmlFor="channel-kind" hint={KIND_OPTIONS.find((o) => o.value === kind)?.hint}>
                <Select id="channel-kind" name="kind" value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
                  {KIND_OPTIONS.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </Select>
              </Field>
            )}
            <Field label="Name" htmlFor="channel-name" hint="How alert rules list it, e.g. “On-call email”." error={err("name")}>
              <Input id="channel-name" name="name" required maxLength={120} defaultValue={channel?.name} autoComplete="off" />
            </Field>

            {kind === "email" && (
              <>
                <div className="grid grid-cols-3 gap-3">
                  <div className="col-span-2">
                    <Field label="Mail server" htmlFor="channel-host" hint="e.g. smtp.example.com" error={err("settings.host")}>
                      <Input id="channel-host" name="host" defaultValue={str(s.host)} autoComplete="off" />
                    </Field>
                  </div>
                  <Field label="Port" htmlFor="channel-port" error={err("settings.port")}>
                    <Input id="channel-port" name="port" inputMode="numeric" defaultValue={str(s.port ?? 587)} />
                  </Field>
                </div>
                <label className="flex items-center gap-2 text-sm text-slate-700">
                  <input type="checkbox" name="secure" defaultChecked={s.secure === true} className="size-4 rounded border-slate-300" />
                  Use TLS from the start (usually port 465). Otherwise STARTTLS is used when the server offers it.
                </label>
                <div className="grid grid-cols-2 gap-3">
                  <Field
                    label="User name"
                    htmlFor="channel-user"
                    hint="Leave empty if the server needs no login."
                    error={err("settings.user")}
                  >
                    <Input id="channel-user" name="user" defaultValue={str(s.user)} autoComplete="off" />
                  </Field>
                  <Field
                    label="Password"
                    htmlFor="channel-password"
                    hint={keepHint("password", "Stored encrypted.")}
                    error={err("credentials.password")}
                  >
                    <Input id="channel-password" name="password" type="password" autoComplete="new-password" />
                  </Field>
                </div>
                <Field label="From" htmlFor="channel-from" hint="The sender address, e.g. alerts@example.com" error={err("settings.from")}>
                  <Input id="channel-from" name="from" defaultValue={str(s.from)} autoComplete="off" />
                </Field>
                <Field label="To" htmlFor="channel-to" hint="One or more addresses, separated by commas." error={err("settings.to")}>
                  <Input
                    id="channel-to"
                    name="to"
                    defaultValue={Array.isArray(s.to) ? (s.to as string[]).join(", ") : ""}
                    autoComplete="off"
                  />
                </Field>
              </>
            )}

            {kind === "slack" && (
              <Field
                label="Slack webhook URL"
                htmlFor="channel-webhook-url"
                hint={keepHint("webhookUrl", "In Slack: Apps → Incoming Webhooks → Add to a channel. Stored encrypted.")}
                error={err("credentials.webhookUrl")}
              >
                <Input id="channel-webhook-url" name="webhookUrl" autoComplete="off" placeholder="https://hooks.slack.com/services/…" />
              </Field>
            )}

            {kind === "pagerduty" && (
              <>
                <Field
                  label="Integration key"
                  htmlFor="channel-routing-key"
                  hint={keepHint(
                    "routingKey",
                    "In PagerDuty: a service → Integrations → Events API v2 → Integration Key. Stored encrypted.",
                  )}
                  error={err("credentials.routingKey")}
                >
                  <Input id="channel-routing-key" name="routingKey" autoComplete="off" />
                </Field>
                <details className="text-sm text-slate-600">
                  <summary className="cursor-pointer">Advanced</summary>
                  <div className="mt-3">
                    <Field
                      label="Events API URL"
                      htmlFor="channel-events-url"
                      hint="Change only for a proxy."
                      error={err("settings.eventsUrl")}
                    >
                      <Input id="channel-events-url" name="eventsUrl" defaultValue={str(s.eventsUrl) || PAGERDUTY_EVENTS_URL} />
                    </Field>
                  </div>
                </details>
              </>
            )}

            {kind === "webhook" && (
              <>
                <Field
                  label="Endpoint URL"
                  htmlFor="channel-url"
                  hint="Receives a signed JSON POST per alert change."
                  error={err("settings.url")}
                >
                  <Input
                    id="channel-url"
                    name="url"
                    defaultValue={str(s.url)}
                    autoComplete="off"
                    placeholder="https://hooks.example.com/alerts"
                  />
                </Field>
                <Field
                  label="Authorization header (optional)"
                  htmlFor="channel-authorization"
                  hint={keepHint("authorization", "Sent as the Authorization header, e.g. Bearer …. Stored encrypted.")}
                  error={err("credentials.authorization")}
                >
                  <Input id="channel-authorization" name="authorization" type="password" autoComplete="off" />
                </Field>
              </>
            )}

            <DialogActions>
              <Button variant="secondary" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" disabled={pending}>
                {pending ? "Saving…" : editing ? "Save changes" : "Add channel"}
              </Button>
            </DialogActions>
          </form>
        )}
      </Dialog>
    </>
  );
}
