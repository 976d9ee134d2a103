import type { Connector, DestinationKind } from "@/lib/connectors/contract";
import { googleAdsConnector } from "@/lib/connectors/google-ads/connector";
import { metaConnector } from "@/lib/connectors/meta/connector";
import { tiktokConnector } from "@/lib/connectors/tiktok/connector";
import { warehouseConnector } from "@/lib/connectors/warehouse/connector";
import { webhookConnector } from "@/lib/connectors/webhook/connector";

// Destination kind → connector. Adding a destination is one line here.
const connectors: Partial<Record<DestinationKind, Connector>> = {
  meta: metaConnector,
  google_ads: googleAdsConnector,
  tiktok: tiktokConnector,
  webhook: webhookConnector,
  warehouse: warehouseConnector,
};

export function connectorFor(kind: DestinationKind): Connector {
  const connector = connectors[kind];
  if (!connector) throw new Error(`No connector for destination kind "${kind}"`);
  return connector;
}

export const hasConnector = (kind: DestinationKind): boolean => kind in connectors;
