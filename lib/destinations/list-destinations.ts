import { db } from "@/lib/db";
import { destinationView } from "@/lib/destinations/destination-view";
import { AppError } from "@/lib/errors";

export async function listDestinations() {
  const rows = await db().destination.findMany({ orderBy: { createdAt: "asc" }, include: { _count: { select: { syncs: true } } } });
  return rows.map(destinationView);
}

export async function getDestination(destinationId: string) {
  const row = await db().destination.findUnique({ where: { id: destinationId }, include: { _count: { select: { syncs: true } } } });
  if (!row) throw new AppError("not_found", "No such destination.");
  return destinationView(row);
}
