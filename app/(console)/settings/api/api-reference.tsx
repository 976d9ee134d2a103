"use client";

import { ApiReferenceReact } from "@scalar/api-reference-react";
import "@scalar/api-reference-react/style.css";

// Scalar's renderer, bundled with the console: no CDN, no web fonts, no telemetry, no AI
// agent, MCP or hosted-client buttons (they lead to Scalar's servers).
export function ApiReference() {
  return (
    <div className="overflow-hidden rounded-lg border border-slate-200 bg-white" data-testid="api-reference">
      <ApiReferenceReact
        configuration={{
          url: "/api/v1/openapi.json",
          withDefaultFonts: false,
          telemetry: false,
          agent: { disabled: true },
          mcp: { disabled: true },
          // Otherwise the sidebar links to client.scalar.com with this document's address.
          hideClientButton: true,
          showDeveloperTools: "never",
          hideDarkModeToggle: true,
          forceDarkModeState: "light",
          documentDownloadType: "json",
          defaultOpenAllTags: false,
          urlRouting: false,
        }}
      />
    </div>
  );
}
