import { NextResponse } from "next/server";
import { handleSegment, segmentPreflight } from "@/lib/ingest/segment/http";
import { segmentCalls, type SegmentCall } from "@/lib/ingest/segment/schema";

// Segment single-call endpoints: /v1/identify, /track, /page, /screen, /group, /alias.
export async function POST(req: Request, { params }: { params: Promise<{ call: string }> }) {
  const { call } = await params;
  if (!segmentCalls.includes(call as SegmentCall)) {
    return NextResponse.json(
      { success: false, message: `Unknown endpoint /v1/${call}; use batch, ${segmentCalls.join(", ")}.` },
      { status: 404 },
    );
  }
  return handleSegment(req, call as SegmentCall);
}

export const OPTIONS = segmentPreflight;
