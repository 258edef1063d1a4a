// `npm start`: builds when no build of the current sources exists, then serves on PORT (default 3000).
// Migrations and the headless seed run in instrumentation.ts before the server answers.
import { ensureBuild, runNext } from "./build-check.mjs";

if (!(await ensureBuild())) process.exit(1);
const port = process.env.PORT || "3000";
process.exit(await runNext(["start", "--port", port]));
