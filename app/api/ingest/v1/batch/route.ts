import { handleSegment, segmentPreflight } from "@/lib/ingest/segment/http";

// Segment HTTP Tracking API: POST /v1/batch (what @segment/analytics-node sends).
export const POST = (req: Request) => handleSegment(req, "batch");
export const OPTIONS = segmentPreflight;
