import { apiRoute } from "@/lib/api/handler";
import { pageOfList } from "@/lib/api/paging";
import { listAlerts } from "@/lib/monitoring/alerts/list-alerts";
import { listAlertsOp } from "@/lib/openapi/operations/alerts";

export const GET = apiRoute(listAlertsOp, async ({ query }) => {
  const { limit, cursor, ...filter } = query;
  const all = await listAlerts(filter, 5_000);
  // Active first, critical before warning, newest first: a key that keeps its place as alerts change.
  const newestFirst = (iso: string) => String(9e15 - Date.parse(iso)).padStart(16, "0");
  const { items, nextCursor } = pageOfList(all, { limit, cursor }, (a) => [
    a.state === "resolved" ? "1" : "0",
    a.severity === "critical" ? "0" : "1",
    newestFirst(a.openedAt),
    a.id,
  ]);
  return { alerts: items, nextCursor };
});
