import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/handler";
import { computeOverlap, overlapSample } from "@/lib/measurement/overlap";
import { getOverlapOp, postOverlapOp } from "@/lib/openapi/operations/measurement";

// GET /api/v1/overlap?items=segment:a,sync:b — the matrix the Measurement page shows.
export const GET = apiRoute(getOverlapOp, async ({ actor, query }) => computeOverlap(actor, { items: query.items }));

// POST {items} — the same, for long lists; POST {sample: {a, b}} — people in both, for the drill-down.
// A read, so 200 (the wrapper's POST default is 201 Created).
export const POST = apiRoute(postOverlapOp, async ({ actor, body }) =>
  NextResponse.json("sample" in body ? { people: await overlapSample(actor, body.sample) } : await computeOverlap(actor, body)),
);
