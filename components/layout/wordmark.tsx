import { clsx } from "clsx";
import Image from "next/image";

/** The Downstream mark (public/logo.svg: a stream on the accent square, also the favicon), then the name. */
export function Wordmark({ className, size = "md" }: { className?: string; size?: "md" | "lg" }) {
  const lg = size === "lg";
  const px = lg ? 32 : 24;
  return (
    <span
      className={clsx(
        "inline-flex items-center gap-2 font-semibold tracking-tight text-slate-900",
        lg ? "text-xl" : "text-[15px]",
        className,
      )}
    >
      {/* An SVG needs no resizing: served as the file itself, not through the image optimizer. */}
      <Image src="/logo.svg" alt="" width={px} height={px} unoptimized className="rounded-md shadow-sm" />
      Downstream
    </span>
  );
}
