import type { Connector, DestinationKind } from "@/lib/connectors/contract";
import { googleCustomerMatchConnector } from "@/lib/connectors/google-data-manager/google-customer-match";
import { metaConnector } from "@/lib/connectors/meta/connector";
import { tiktokConnector } from "@/lib/connectors/tiktok/connector";
import { warehouseConnector } from "@/lib/connectors/warehouse/connector";
import { webhookConnector } from "@/lib/connectors/webhook/connector";

// Destination kind → connector. Adding a destination is one line here.
const connectors: Partial<Record<DestinationKind, Connector>> = {
  meta: metaConnector,
  // Customer Match: the Data Manager API by default, the Google Ads API for allowlisted accounts.
  google_ads: googleCustomerMatchConnector,
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
