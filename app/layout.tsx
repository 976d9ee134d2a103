import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Downstream", template: "%s · Downstream" },
  description: "Decide who matters once; push it everywhere.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="bg-slate-50 text-sm text-slate-900 antialiased">{children}</body>
    </html>
  );
}
