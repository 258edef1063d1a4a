import nextEnv from "@next/env";
import { openDatabase } from "../db/client";
import { parseEnv } from "../lib/env";
import { seedFromEnv } from "../lib/seed";

/** `npm run db:migrate`: applies the migrations (and the headless seed) without starting the server. */
// The same .env files `npm start` reads.
nextEnv.loadEnvConfig(process.cwd());
const env = parseEnv(process.env);
const database = openDatabase(env);
try {
  await database.migrate();
  await seedFromEnv(database.db, process.env);
  process.stderr.write(`migrations applied (${database.driver})\n`);
} finally {
  await database.close();
}
