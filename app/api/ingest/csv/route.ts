import { apiRoute } from "@/lib/api/handler";
import { importConfig } from "@/lib/ingest/csv/import-config";
import { createImportJob, listImportJobs } from "@/lib/ingest/csv/import-jobs";

// CSV imports, step 1: POST the column mapping (JSON) to create the job; then PUT the file to
// /api/ingest/csv/{id}. Session or bearer token, like the management API.
export const GET = apiRoute({ role: "viewer" }, async () => ({ jobs: await listImportJobs(20) }));

export const POST = apiRoute({ role: "admin", body: importConfig, maxBodyBytes: 256 * 1024 }, async ({ actor, body }) => ({
  job: await createImportJob(actor, body),
}));
