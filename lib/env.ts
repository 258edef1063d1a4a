import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

/** An optional environment value: trimmed, and an empty one counts as unset. */
export const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const envSchema = z.object({
  DATABASE_URL: optionalText.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  BANKSYNC_DATA_DIR: optionalText,
  APP_SECRET: optionalText.pipe(z.string().min(32, "APP_SECRET must be at least 32 characters").optional()),
  AUTH_SECRET: optionalText.pipe(z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional()),
  BANKSYNC_MODE: optionalText.pipe(z.enum(["sandbox", "live"]).default("sandbox")),
  LOG_LEVEL: optionalText.pipe(z.enum(["debug", "info", "warn", "error", "silent"]).default("info")),
  APP_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  SUPPORT_EMAIL: optionalText.pipe(z.email("SUPPORT_EMAIL must be an e-mail address").optional()),
  SYNC_CONCURRENCY: optionalText.pipe(z.string().regex(/^\d+$/, "a whole number of synchronizations").transform(Number).pipe(z.number().max(1_000)).optional()),
  SYNC_HEARTBEAT_MS: optionalText.pipe(z.string().regex(/^\d+$/, "a whole number of milliseconds").transform(Number).pipe(z.number().min(100).max(600_000)).optional()),
  SIGN_IN_DELAY_MS: optionalText.pipe(z.string().regex(/^\d+$/, "a whole number of milliseconds").transform(Number).pipe(z.number().max(60_000)).optional()),
});

const DEFAULT_SYNC_CONCURRENCY = 16;

export type Env = {
  databaseUrl: string | undefined;
  dataDir: string;
  appSecret: string;
  authSecret: string;
  mode: "sandbox" | "live";
  logLevel: "debug" | "info" | "warn" | "error" | "silent";
  /** The public origin users reach the app at, when the Host header cannot be trusted to say it (behind some proxies). */
  appUrl: string | undefined;
  /** How often a running synchronization proves it is alive (three missed beats free it). */
  syncHeartbeatMs: number | undefined;
  /**
   * Synchronizations this process runs at once (default 16; they wait on providers, whose calls at once
   * PROVIDER_CONCURRENCY limits). 0: this process runs none and leaves them to `npm run worker`.
   */
  syncConcurrency: number;
  /** Where "Report issue" on a connection's page writes to; without it the button says whom to ask. */
  supportEmail: string | undefined;
  /** The first wait of a slowed sign-in (default 1 s; the end-to-end tests shorten it). */
  signInDelayMs: number;
};

const secretsSchema = z.object({ appSecret: z.string().min(32), authSecret: z.string().min(32) });

/**
 * Secrets not given in the environment are generated once into the data folder, so the embedded
 * default needs no configuration and keeps its sessions and encrypted tokens across restarts.
 */
function storedSecrets(dataDir: string): z.infer<typeof secretsSchema> {
  const file = path.join(/*turbopackIgnore: true*/ dataDir, "secrets.json");
  const read = () => secretsSchema.parse(JSON.parse(readFileSync(file, "utf8")));
  if (existsSync(file)) return read();
  mkdirSync(dataDir, { recursive: true });
  const secrets = { appSecret: randomBytes(32).toString("base64url"), authSecret: randomBytes(32).toString("base64url") };
  try {
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600, flag: "wx" });
  } catch (error) {
    // Another process wrote it first: use its secrets.
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return read();
    throw error;
  }
  return secrets;
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  if (e.SYNC_CONCURRENCY === 0 && !e.DATABASE_URL) {
    throw new Error("Invalid configuration: SYNC_CONCURRENCY=0 leaves synchronizations to `npm run worker` processes, which need PostgreSQL (DATABASE_URL).");
  }
  const dataDir = path.resolve(/*turbopackIgnore: true*/ e.BANKSYNC_DATA_DIR ?? ".data");
  const secrets = e.APP_SECRET && e.AUTH_SECRET ? undefined : storedSecrets(dataDir);
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir,
    appSecret: e.APP_SECRET ?? secrets!.appSecret,
    authSecret: e.AUTH_SECRET ?? secrets!.authSecret,
    mode: e.BANKSYNC_MODE,
    logLevel: e.LOG_LEVEL,
    appUrl: e.APP_URL ? new URL(e.APP_URL).origin : undefined,
    syncHeartbeatMs: e.SYNC_HEARTBEAT_MS,
    syncConcurrency: e.SYNC_CONCURRENCY ?? DEFAULT_SYNC_CONCURRENCY,
    supportEmail: e.SUPPORT_EMAIL,
    signInDelayMs: e.SIGN_IN_DELAY_MS ?? 1000,
  };
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
