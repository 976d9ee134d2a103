import type { Metadata } from "next";
import Link from "next/link";
import { SectionHeader } from "@/components/layout/section-header";
import { pageActor } from "@/lib/auth/page-actor";
import { ApiReference } from "./api-reference";

export const metadata: Metadata = { title: "API reference · Settings" };

export default async function ApiReferencePage() {
  await pageActor();
  return (
    <>
      <SectionHeader
        title="API reference"
        description={
          <>
            Everything the console does, scripts and services can do through the management API. Authenticate with an{" "}
            <Link href="/settings/tokens" className="text-indigo-700 hover:underline">
              API token
            </Link>{" "}
            as <code className="font-mono text-xs text-slate-700">Authorization: Bearer …</code>. The machine-readable description is at{" "}
            <a href="/api/v1/openapi.json" className="font-mono text-xs text-indigo-700 hover:underline">
              /api/v1/openapi.json
            </a>{" "}
            (OpenAPI 3.1).
          </>
        }
      />
      <ApiReference />
    </>
  );
}
