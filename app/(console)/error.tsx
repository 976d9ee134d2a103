"use client";

import { RotateCcw, TriangleAlert } from "lucide-react";
import { Button } from "@/components/ui/button";

// Unexpected failures only: the details are in the server log (matched by the digest),
// never on screen.
export default function ConsoleError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="flex flex-col items-center rounded-lg border border-slate-200 bg-white px-6 py-16 text-center" role="alert">
      <div className="flex size-11 items-center justify-center rounded-full bg-amber-50">
        <TriangleAlert className="size-5 text-amber-600" aria-hidden />
      </div>
      <h1 className="mt-4 text-base font-semibold text-slate-900">Something went wrong</h1>
      <p className="mt-2 max-w-md text-sm text-slate-500">
        This page couldn&apos;t load. Try again; if it keeps happening, share the reference below with whoever runs Downstream.
      </p>
      {error.digest && <p className="mt-3 font-mono text-xs text-slate-400">Reference {error.digest}</p>}
      <Button variant="secondary" className="mt-6" onClick={reset}>
        <RotateCcw aria-hidden />
        Try again
      </Button>
    </div>
  );
}
