import { Search } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

/** A plain GET form: the search lives in the URL, so results are linkable and work without JS. */
export function SearchBox({ value, action }: { value: string; action: string }) {
  return (
    <form action={action} method="get" role="search" className="mb-4 flex gap-2">
      <div className="relative flex-1">
        <Search className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-slate-400" aria-hidden />
        <Input
          name="q"
          type="search"
          defaultValue={value}
          placeholder="Email, phone, external id or anonymous id — as typed or normalized"
          aria-label="Search people"
          className="pl-9"
          autoComplete="off"
        />
      </div>
      <Button type="submit" variant="secondary">
        Search
      </Button>
    </form>
  );
}
