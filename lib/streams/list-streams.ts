import { db } from "@/lib/db";
import { endpointFigures, type EndpointFigures } from "@/lib/delivery/endpoint-figures";
import { streamView, type StreamView } from "@/lib/streams/stream-view";

// The Event streams list: every stream with its status and figures from the ledger's one model
// (lib/delivery/endpoint-figures.ts), the same the stream page and the API show.

export type StreamFigures = Omit<EndpointFigures, "health">;
export type ListedStream = StreamView & { health: EndpointFigures["health"]; figures: StreamFigures };

const NO_ENDPOINT: EndpointFigures = {
  // A stream always has its endpoint (made in the same transaction); this only covers a row
  // read between a concurrent delete's two statements.
  health: { state: "paused", word: "Unavailable", reason: "This stream's delivery record is missing; it sends nothing.", since: null },
  inPerMinute: 0,
  outPerMinute: 0,
  lagSeconds: null,
  queued: 0,
  retrying: 0,
  held: 0,
  dead: 0,
  delivered24h: 0,
  perMinute: [],
};

export function withFigures(view: StreamView, all: Map<string, EndpointFigures>): ListedStream {
  const { health, ...figures } = all.get(view.id) ?? NO_ENDPOINT;
  return { ...view, health, figures };
}

export async function listStreams(): Promise<ListedStream[]> {
  const rows = await db().eventStream.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  const figures = await endpointFigures(rows.map((r) => r.id));
  return rows.map((r) => withFigures(streamView(r), figures));
}
