import { clsx } from "clsx";
import { cloneElement, Fragment, isValidElement, type LabelHTMLAttributes, type ReactElement, type ReactNode } from "react";

export function Label({ className, ...props }: LabelHTMLAttributes<HTMLLabelElement>) {
  return <label className={clsx("block text-sm font-medium text-slate-700", className)} {...props} />;
}

export function FieldHint({ children }: { children: ReactNode }) {
  return <p className="mt-1.5 text-xs text-slate-500">{children}</p>;
}

export function FieldError({ id, children }: { id?: string; children?: ReactNode }) {
  if (!children) return null;
  return (
    <p id={id} className="mt-1.5 text-xs text-red-600">
      {children}
    </p>
  );
}

/**
 * Label, control, then hint or error: the one layout every form field uses. With an error,
 * the control itself is marked (aria-invalid, red ring) and pointed at the message, so every
 * form marks each bad field the same way without wiring it per input.
 */
export function Field({
  label,
  htmlFor,
  hint,
  error,
  children,
}: {
  label: string;
  htmlFor: string;
  hint?: ReactNode;
  error?: string;
  children: ReactNode;
}) {
  const control =
    error && isValidElement(children) && children.type !== Fragment
      ? cloneElement(children as ReactElement<Record<string, unknown>>, { "aria-invalid": true, "aria-describedby": `${htmlFor}-error` })
      : children;
  return (
    <div>
      <Label htmlFor={htmlFor}>{label}</Label>
      <div className="mt-1.5">{control}</div>
      {error ? <FieldError id={`${htmlFor}-error`}>{error}</FieldError> : hint ? <FieldHint>{hint}</FieldHint> : null}
    </div>
  );
}
