import { clsx } from "clsx";
import { Waves } from "lucide-react";

/** The Downstream mark: a stream on the accent square, then the name. */
export function Wordmark({ className, size = "md" }: { className?: string; size?: "md" | "lg" }) {
  const lg = size === "lg";
  return (
    <span className={clsx("inline-flex items-center gap-2 font-semibold tracking-tight text-slate-900", lg ? "text-xl" : "text-[15px]", className)}>
      <span className={clsx("flex items-center justify-center rounded-md bg-indigo-600 shadow-sm", lg ? "size-8" : "size-6")} aria-hidden>
        <Waves className={clsx("text-white", lg ? "size-5" : "size-4")} strokeWidth={2.25} />
      </span>
      Downstream
    </span>
  );
}
