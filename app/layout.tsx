import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Downstream", template: "%s · Downstream" },
  description: "Decide who matters once; push it everywhere.",
  // Both files live in public/: the ICO for browsers that ask for /favicon.ico, the SVG where supported.
  icons: {
    icon: [
      { url: "/favicon.ico", sizes: "16x16 32x32 48x48" },
      { url: "/logo.svg", type: "image/svg+xml" },
    ],
  },
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="bg-slate-50 text-sm text-slate-900 antialiased">{children}</body>
    </html>
  );
}
