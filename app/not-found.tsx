import { Compass } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Wordmark } from "@/components/layout/wordmark";
import { buttonClasses } from "@/components/ui/button";

export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 text-center">
      <Wordmark />
      <div className="mt-10 flex size-11 items-center justify-center rounded-full bg-indigo-50">
        <Compass className="size-5 text-indigo-600" aria-hidden />
      </div>
      <h1 className="mt-4 text-xl font-semibold text-slate-900">Page not found</h1>
      <p className="mt-2 max-w-sm text-sm text-slate-500">
        There&apos;s nothing at this address. It may have moved, or the link may be mistyped.
      </p>
      <Link href="/" className={buttonClasses({ className: "mt-6" })}>
        Back to Overview
      </Link>
    </main>
  );
}
