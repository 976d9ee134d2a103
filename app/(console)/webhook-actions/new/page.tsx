import type { Metadata } from "next";
import Link from "next/link";
import { requirePageRole } from "@/app/(console)/syncs/page-role";
import { PageHeader } from "@/components/layout/page-header";
import { Alert } from "@/components/ui/alert";
import { Card, CardBody } from "@/components/ui/card";
import { ActionForm } from "@/components/webhook-actions/action-form";
import { ACTION_TEMPLATES, formFromTemplate } from "@/components/webhook-actions/action-templates";
import { TemplateGallery } from "@/components/webhook-actions/template-gallery";
import { listSegments } from "@/lib/segments/queries";
import { knownEventNames } from "@/lib/streams/check-stream-selector";
import { createActionAction } from "../actions";

export const metadata: Metadata = { title: "New webhook action" };

type Props = { searchParams: Promise<{ template?: string }> };

export default async function NewWebhookActionPage({ searchParams }: Props) {
  const { template } = await searchParams;
  const denied = await requirePageRole("editor");
  const chosen = template === "blank" ? { title: "Blank" } : ACTION_TEMPLATES.find((t) => t.key === template);
  const [segments, knownEvents] = denied || !chosen ? [[], []] : await Promise.all([listSegments(), knownEventNames(1_000)]);
  const live = segments.filter((s) => !s.archivedAt).map((s) => ({ id: s.id, name: s.name }));
  return (
    <>
      <nav className="mb-2 text-sm">
        <Link href={chosen ? "/webhook-actions/new" : "/webhook-actions"} className="text-slate-500 hover:text-indigo-700">
          ← {chosen ? "Templates" : "Webhook actions"}
        </Link>
      </nav>
      <PageHeader
        title="New webhook action"
        description={
          chosen
            ? `Starting from: ${chosen.title}. It is saved as a draft; try it in the simulator on its page, then set it live.`
            : "Start from a template or a blank form. A new action is a draft: nothing is sent until you set it live."
        }
      />
      {denied ? (
        <Alert tone="info">{denied}</Alert>
      ) : chosen ? (
        <Card className="max-w-4xl">
          <CardBody>
            <ActionForm start={formFromTemplate(template, live)} segments={live} knownEvents={knownEvents} action={createActionAction} />
          </CardBody>
        </Card>
      ) : (
        <div className="max-w-4xl">
          <TemplateGallery />
        </div>
      )}
    </>
  );
}
