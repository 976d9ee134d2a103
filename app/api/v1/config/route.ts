import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/handler";
import { exportConfig } from "@/lib/config-as-code/export-config";
import { exportConfigOp } from "@/lib/openapi/operations/config";

// The same bytes `npm run cli -- config export` writes, so either can be committed to git.
export const GET = apiRoute(exportConfigOp, async ({ actor }) => {
  const { text } = await exportConfig(actor);
  return new NextResponse(text, { status: 200, headers: { "content-type": "application/json; charset=utf-8" } });
});
