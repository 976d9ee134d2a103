import type { Connector, DestinationKind } from "@/lib/destinations/contract";
import { googleAdsConnector } from "@/lib/destinations/google-ads/connector";
import { metaConnector } from "@/lib/destinations/meta/connector";
import { tiktokConnector } from "@/lib/destinations/tiktok/connector";
import { warehouseConnector } from "@/lib/destinations/warehouse/connector";
import { webhookConnector } from "@/lib/destinations/webhook/connector";

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
