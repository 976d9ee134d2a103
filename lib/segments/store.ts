import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { SegmentDefinition } from "@/lib/segments/definition";
import type { StoredSegment } from "@/lib/segments/references";
import { parseDefinition, type DefinitionIssue } from "@/lib/segments/validate";

// Reading segments back: stored JSON is parsed with the same zod schema as input (a row
// written by an older version that no longer parses shows as "needs attention" rather
// than crashing a page).

type Client = Prisma.TransactionClient | ReturnType<typeof db>;

export function storedDefinition(json: unknown): SegmentDefinition | null {
  const parsed = parseDefinition(json);
  return parsed.ok ? parsed.definition : null;
}

export async function loadStoredSegments(client: Client = db()): Promise<StoredSegment[]> {
  const rows = await client.segment.findMany({ select: { id: true, name: true, definition: true }, orderBy: { createdAt: "asc" } });
  return rows.map((r) => ({ id: r.id, name: r.name, definition: storedDefinition(r.definition) }));
}

export async function segmentNames(client: Client = db()): Promise<Record<string, string>> {
  const rows = await client.segment.findMany({ select: { id: true, name: true } });
  return Object.fromEntries(rows.map((r) => [r.id, r.name]));
}

/** A definition from an API body or form, or a 400 naming every offending path. */
export function definitionOrBadRequest(input: unknown): SegmentDefinition {
  const parsed = parseDefinition(input);
  if (!parsed.ok) throw invalidDefinition(parsed.issues);
  return parsed.definition;
}

export function invalidDefinition(issues: DefinitionIssue[]): AppError {
  const first = issues[0]!;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
  return new AppError("bad_request", `Invalid segment definition at ${first.path}: ${first.message}${more}`, { issues });
}

export async function findSegmentOrThrow(id: string, client: Client = db()) {
  const segment = await client.segment.findUnique({ where: { id } });
  if (!segment) throw new AppError("not_found", `No segment ${id}.`);
  return segment;
}
