import postgres from "postgres";
import { drivers, dropStalePostgresDatabases, pgliteTemplate, postgresTemplate, pruneStalePgliteTemplates } from "./databases";

/**
 * Once per Vitest run, before the test files: the migrated templates every freshDatabase() copies are
 * made here if the current migrations have none yet, so parallel workers do not each make one, and
 * what killed runs left behind is cleared.
 */
export default async function setup(): Promise<void> {
  if (drivers.includes("pglite")) {
    pruneStalePgliteTemplates();
    await pgliteTemplate();
  }
  if (drivers.includes("postgres")) {
    const url = new URL(process.env.DATABASE_URL!);
    const admin = postgres(url.toString(), { max: 1, onnotice: () => {} });
    try {
      await dropStalePostgresDatabases(admin);
      await postgresTemplate(admin, url);
    } finally {
      await admin.end();
    }
  }
}
