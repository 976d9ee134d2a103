import { clsx } from "clsx";
import type { InputHTMLAttributes } from "react";

export const fieldClasses =
  "block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 " +
  "placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-indigo-600 focus:outline-none " +
  "disabled:cursor-not-allowed disabled:bg-slate-50 disabled:text-slate-500 aria-invalid:bg-red-50/40 aria-invalid:ring-2 aria-invalid:ring-red-500";

type Props = InputHTMLAttributes<HTMLInputElement> & { ref?: React.Ref<HTMLInputElement> };

export function Input({ className, ...props }: Props) {
  return <input className={clsx(fieldClasses, "h-9", className)} {...props} />;
}
