"use server";

import { z } from "zod";
import { actionFailure, parseInput, type ActionResult } from "@/lib/actions/action-result";
import { requireActionActor } from "@/lib/auth/session";
import { importConfig } from "@/lib/ingest/csv/import-config";
import { previewRows, type PreviewRow } from "@/lib/ingest/csv/preview-rows";

const previewInput = z.object({
  config: importConfig,
  header: z.array(z.string().max(500)).max(500),
  rows: z.array(z.array(z.string().max(10_000)).max(500)).max(20),
  /** Each row's line in the file, as the import reports it. */
  lines: z.array(z.number().int().positive()).max(20).optional(),
});

/** What the first rows would become, validated and normalized exactly as the import will do it. */
export async function previewImportAction(input: unknown): Promise<ActionResult<{ rows: PreviewRow[] }>> {
  try {
    await requireActionActor("admin");
    const parsed = parseInput(previewInput, input);
    if (!parsed.ok) return parsed;
    return { ok: true, rows: await previewRows(parsed.data.config, parsed.data.header, parsed.data.rows, parsed.data.lines) };
  } catch (e) {
    return actionFailure(e, "previewImport");
  }
}
