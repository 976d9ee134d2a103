import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/handler";
import { errorFileStream, getImportJob } from "@/lib/ingest/csv/import-jobs";

// The per-row error file of an import, as a CSV download.
export const GET = apiRoute({ role: "viewer" }, async ({ params }) => {
  const job = await getImportJob(params.id!);
  const name = `${job.fileName.replace(/\.csv$/i, "").replace(/[^\w.-]+/g, "_")}-errors.csv`;
  return new NextResponse(errorFileStream(job.id), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${name}"`,
      "cache-control": "no-store",
    },
  });
});
