import { env } from "./env";

type Level = "debug" | "info" | "warn" | "error";
const order: Record<Level | "silent", number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** One structured logger: a JSON object per line on stderr. Never pass secrets in `fields`. */
function write(level: Level, message: string, fields?: Record<string, unknown>) {
  if (order[level] < order[env().logLevel]) return;
  const entry = { time: new Date().toISOString(), level, message, ...fields };
  process.stderr.write(`${JSON.stringify(entry, (_k, v) => (typeof v === "bigint" ? v.toString() : v))}\n`);
}

export const logger = {
  debug: (message: string, fields?: Record<string, unknown>) => write("debug", message, fields),
  info: (message: string, fields?: Record<string, unknown>) => write("info", message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write("warn", message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write("error", message, fields),
};
