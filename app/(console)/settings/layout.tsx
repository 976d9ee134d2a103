import { PageHeader } from "@/components/layout/page-header";
import { SettingsNav } from "@/components/layout/settings-nav";

export default function SettingsLayout({ children }: { children: React.ReactNode }) {
  return (
    <>
      <PageHeader title="Settings" description="Who can use this workspace, how machines reach its API, and a record of every change." />
      <SettingsNav />
      {children}
    </>
  );
}
