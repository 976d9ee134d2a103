import { clsx } from "clsx";
import type { ButtonHTMLAttributes } from "react";

const variants = {
  primary: "bg-indigo-600 text-white shadow-sm enabled:hover:bg-indigo-500",
  secondary: "bg-white text-slate-700 shadow-sm ring-1 ring-inset ring-slate-300 enabled:hover:bg-slate-50",
  ghost: "text-slate-600 enabled:hover:bg-slate-100 enabled:hover:text-slate-900",
  danger: "bg-white text-red-700 shadow-sm ring-1 ring-inset ring-red-200 enabled:hover:bg-red-50",
  "danger-solid": "bg-red-600 text-white shadow-sm enabled:hover:bg-red-500",
} as const;

const sizes = {
  sm: "h-8 gap-1.5 px-2.5 text-xs",
  md: "h-9 gap-2 px-3.5 text-sm",
} as const;

export type ButtonVariant = keyof typeof variants;
export type ButtonSize = keyof typeof sizes;

/** Classes for anything that should look like a button (links included). */
export function buttonClasses({
  variant = "primary",
  size = "md",
  className,
}: { variant?: ButtonVariant; size?: ButtonSize; className?: string } = {}) {
  return clsx(
    "inline-flex shrink-0 items-center justify-center rounded-md font-medium whitespace-nowrap transition-colors",
    "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600",
    "disabled:cursor-not-allowed disabled:opacity-50 [&_svg]:size-4 [&_svg]:shrink-0",
    variants[variant],
    sizes[size],
    className,
  );
}

type Props = ButtonHTMLAttributes<HTMLButtonElement> & { variant?: ButtonVariant; size?: ButtonSize; ref?: React.Ref<HTMLButtonElement> };

export function Button({ variant, size, className, type = "button", ...props }: Props) {
  return <button type={type} className={buttonClasses({ variant, size, className })} {...props} />;
}
