import { apiRoute } from "@/lib/api/handler";
import { getImportJob, listRowErrors } from "@/lib/ingest/csv/import-jobs";
import { runImport } from "@/lib/ingest/csv/run-import";

// GET: the job's progress. PUT: the CSV file itself as the raw request body, streamed through
// the importer as it arrives (never buffered whole); answers when the import has finished.
// Both answer the first row problems too, so the page can show them with their line numbers.
export const GET = apiRoute({ role: "viewer" }, async ({ params }) => {
  const job = await getImportJob(params.id!);
  return { job, errors: job.finishedAt ? await listRowErrors(job.id) : [] };
});

export const PUT = apiRoute({ role: "admin" }, async ({ actor, params, req }) => {
  const job = await runImport(actor, params.id!, req.body);
  return { job, errors: await listRowErrors(job.id) };
});
