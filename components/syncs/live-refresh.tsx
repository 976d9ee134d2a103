"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

// While a run is live, re-render the server page every few seconds, so a list or sync page
// opened (or restored from the browser's history) mid-run never keeps saying "Running" after
// the run record has finished: the page shows what the run record says, as the run page does.
export function LiveRefresh({ active, everyMs = 2_000 }: { active: boolean; everyMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => router.refresh(), everyMs);
    return () => clearInterval(t);
  }, [active, everyMs, router]);
  // Restored from the back/forward cache: whatever it shows may be stale, so ask again once.
  useEffect(() => {
    const onShow = (e: PageTransitionEvent) => e.persisted && router.refresh();
    window.addEventListener("pageshow", onShow);
    return () => window.removeEventListener("pageshow", onShow);
  }, [router]);
  return null;
}
