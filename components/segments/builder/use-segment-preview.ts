"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { PreviewResult } from "@/lib/segments/preview";

// Live preview: the definition is sent to POST /api/v1/segments/preview 400 ms after the
// last edit (the session cookie authenticates it). The previous answer stays on screen
// while the next one loads, so the numbers don't flicker as you type.

export const PREVIEW_DEBOUNCE_MS = 400;

export class PreviewError extends Error {}

export function useSegmentPreview(definition: unknown | null, segmentId?: string) {
  const key = definition === null ? null : JSON.stringify(definition);
  const [debounced, setDebounced] = useState(key);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(key), PREVIEW_DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [key]);

  return useQuery({
    queryKey: ["segment-preview", segmentId ?? null, debounced],
    enabled: debounced !== null,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    queryFn: async ({ signal }): Promise<PreviewResult> => {
      const res = await fetch("/api/v1/segments/preview", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ definition: JSON.parse(debounced!), segmentId }),
        signal,
      });
      const body = await res.json();
      if (!res.ok) throw new PreviewError(body?.error?.message ?? `Preview failed (${res.status})`);
      return body as PreviewResult;
    },
  });
}
