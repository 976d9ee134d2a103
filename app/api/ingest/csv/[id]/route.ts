import { apiRoute } from "@/lib/api/handler";
import { getImportJob } from "@/lib/ingest/csv/import-jobs";
import { runImport } from "@/lib/ingest/csv/run-import";

// GET: the job's progress. PUT: the CSV file itself as the raw request body, streamed through
// the importer as it arrives (never buffered whole); answers when the import has finished.
export const GET = apiRoute({ role: "viewer" }, async ({ params }) => ({ job: await getImportJob(params.id!) }));

export const PUT = apiRoute({ role: "admin" }, async ({ actor, params, req }) => ({ job: await runImport(actor, params.id!, req.body) }));
