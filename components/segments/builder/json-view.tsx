"use client";

import { useState } from "react";
import type { Draft } from "@/components/segments/builder/draft";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { DefinitionIssue } from "@/lib/segments/validate";

// The definition as the API sees it: copy it into a script, or paste one in. Problems are
// listed by their path in the document, exactly as the API's 400 names them.

export function JsonView({ draft, setDraft, issues }: { draft: Draft; setDraft: (d: Draft) => void; issues: DefinitionIssue[] }) {
  const pretty = JSON.stringify(draft, null, 2);
  const [text, setText] = useState(pretty);
  const [syntax, setSyntax] = useState<string | null>(null);
  const dirty = text !== pretty;

  function apply() {
    try {
      const parsed = JSON.parse(text);
      if (!parsed || typeof parsed !== "object" || !Array.isArray(parsed.conditions))
        throw new Error("The document needs a `conditions` array.");
      setSyntax(null);
      setDraft(parsed as Draft);
    } catch (e) {
      setSyntax((e as Error).message);
    }
  }

  return (
    <div className="space-y-3">
      <textarea
        aria-label="Definition JSON"
        spellCheck={false}
        value={dirty ? text : pretty}
        onChange={(e) => setText(e.target.value)}
        rows={Math.min(30, Math.max(12, pretty.split("\n").length + 2))}
        className="block w-full rounded-md bg-slate-950 p-4 font-mono text-xs leading-5 text-slate-100 ring-1 ring-slate-800 focus:ring-2 focus:ring-indigo-500 focus:outline-none"
      />
      <div className="flex items-center gap-2">
        <Button size="sm" onClick={apply} disabled={!dirty}>
          Apply JSON
        </Button>
        {dirty && (
          <Button size="sm" variant="ghost" onClick={() => setText(pretty)}>
            Discard edits
          </Button>
        )}
        <span className="text-xs text-slate-500">Same document as POST /api/v1/segments expects in `definition`.</span>
      </div>
      {syntax && <Alert tone="error">Not valid JSON: {syntax}</Alert>}
      {issues.length > 0 && (
        <ul className="space-y-1 text-xs" aria-label="Problems">
          {issues.map((i) => (
            <li key={i.path + i.message} className="text-red-700">
              <code className="rounded bg-red-50 px-1 font-mono">{i.path}</code> {i.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
