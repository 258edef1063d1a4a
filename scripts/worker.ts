import nextEnv from "@next/env";
import { env, type Env } from "../lib/env";
import { startWorker, WORKER_NEEDS_POSTGRES } from "../lib/jobs/worker";
import { logger } from "../lib/logger";

/** `npm run worker`: the job workers without the web server (lib/jobs/worker.ts); stops cleanly on SIGTERM/SIGINT. */
// The same .env files `npm start` reads.
nextEnv.loadEnvConfig(process.cwd());

// Before the configuration is read: reading it would generate secrets into the data folder.
if (!process.env.DATABASE_URL?.trim()) {
  process.stderr.write(`${WORKER_NEEDS_POSTGRES}\n`);
  process.exit(1);
}
let config: Env;
try {
  config = env();
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
if (!process.env.APP_SECRET?.trim()) {
  // Tokens encrypted by the web process under another key could not be read here.
  logger.warn("APP_SECRET is not set: using the key generated in the data folder, which the web process must share", { dataDir: config.dataDir });
}

// Handlers first: a signal during the start stops the worker once it is up.
const starting = startWorker(config);
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  // Once: a second signal while stopping ends the process at once.
  process.once(signal, () => {
    logger.info("worker stopping", { signal });
    starting
      .then((worker) => worker.stop())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error("worker did not stop cleanly", { error: String(error) });
          process.exit(1);
        },
      );
  });
}
await starting.then(
  () => logger.info("worker started", { mode: config.mode }),
  (error: unknown) => {
    logger.error("worker did not start", { error: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  },
);
