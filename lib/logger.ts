import pino from "pino";

// Structured logs (JSON lines). Secrets never reach here: callers pass ids, not credentials.
export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  redact: { paths: ["*.password", "*.token", "*.authorization", "*.credentials"], censor: "[redacted]" },
});
