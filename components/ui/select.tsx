import { clsx } from "clsx";
import type { SelectHTMLAttributes } from "react";
import { fieldClasses } from "@/components/ui/input";

type Props = SelectHTMLAttributes<HTMLSelectElement> & { ref?: React.Ref<HTMLSelectElement> };

export function Select({ className, children, ...props }: Props) {
  return (
    <select className={clsx(fieldClasses, "h-9 appearance-auto py-1.5 pr-8", className)} {...props}>
      {children}
    </select>
  );
}
