import * as cioCustomer from "@/app/api/ingest/cio/v1/customers/[id]/route";
import * as cioEvents from "@/app/api/ingest/cio/v1/customers/[id]/events/route";
import * as cioSuppress from "@/app/api/ingest/cio/v1/customers/[id]/suppress/route";
import * as cioUnsuppress from "@/app/api/ingest/cio/v1/customers/[id]/unsuppress/route";
import * as cioAnonymous from "@/app/api/ingest/cio/v1/events/route";
import * as cioOther from "@/app/api/ingest/cio/v1/[...path]/route";
import * as segmentBatch from "@/app/api/ingest/v1/batch/route";
import * as segmentCall from "@/app/api/ingest/v1/[call]/route";
import * as webhook from "@/app/api/webhooks/customerio/[sourceId]/route";
import { startRouteServer, type MountedRoute } from "@/lib/ingest/testing/route-server";

// The inbound routes, mounted on a plain node server for the client-library tests and the
// ingest benchmark.
export const ingestRoutes: MountedRoute[] = [
  { pattern: "/api/ingest/v1/batch", module: segmentBatch },
  { pattern: "/api/ingest/v1/[call]", module: segmentCall },
  { pattern: "/api/ingest/cio/v1/customers/[id]", module: cioCustomer },
  { pattern: "/api/ingest/cio/v1/customers/[id]/events", module: cioEvents },
  { pattern: "/api/ingest/cio/v1/customers/[id]/suppress", module: cioSuppress },
  { pattern: "/api/ingest/cio/v1/customers/[id]/unsuppress", module: cioUnsuppress },
  { pattern: "/api/ingest/cio/v1/events", module: cioAnonymous },
  { pattern: "/api/ingest/cio/v1/[...path]", module: cioOther },
  { pattern: "/api/webhooks/customerio/[sourceId]", module: webhook },
];

export const startIngestServer = (tls?: { key: string; cert: string }) => startRouteServer(ingestRoutes, tls);
