import type { Operation } from "@/lib/api/operation";
import * as alerts from "@/lib/openapi/operations/alerts";
import * as config from "@/lib/openapi/operations/config";
import * as dataIn from "@/lib/openapi/operations/data-in";
import * as destinations from "@/lib/openapi/operations/destinations";
import * as eventStreams from "@/lib/openapi/operations/event-streams";
import * as launch from "@/lib/openapi/operations/launch";
import * as measurement from "@/lib/openapi/operations/measurement";
import * as notificationChannels from "@/lib/openapi/operations/notification-channels";
import * as orchestration from "@/lib/openapi/operations/orchestration";
import * as monitoring from "@/lib/openapi/operations/monitoring";
import * as segments from "@/lib/openapi/operations/segments";
import * as syncs from "@/lib/openapi/operations/syncs";
import * as tiers from "@/lib/openapi/operations/tiers";
import * as validation from "@/lib/openapi/operations/validation";
import * as webhookActions from "@/lib/openapi/operations/webhook-actions";
import * as webhookActionSimulator from "@/lib/openapi/operations/webhook-action-simulator";
import * as workspace from "@/lib/openapi/operations/workspace";

// Every management-API operation, gathered from the area files the routes import theirs from.
// The document is built from this list; app/api/v1/openapi-coverage.test.ts checks every
// route handler carries one of these and every one of these has a handler.
const isOperation = (v: unknown): v is Operation =>
  typeof v === "object" && v !== null && "id" in v && "method" in v && "path" in v && "responses" in v;

export const operations: Operation[] = [
  segments,
  syncs,
  destinations,
  eventStreams,
  notificationChannels,
  dataIn,
  workspace,
  config,
  alerts,
  monitoring,
  webhookActions,
  webhookActionSimulator,
  measurement,
  orchestration,
  tiers,
  launch,
  validation,
].flatMap((m) => Object.values(m).filter(isOperation));
