import common from "./common.json";
import connections from "./connections.json";
import dashboard from "./dashboard.json";
import journal from "./journal.json";
import sandbox from "./sandbox.json";
import statementImport from "./statement-import.json";

/**
 * The Korean catalog; one file per part of the app, each with namespaces
 * of its own (i18n/catalogs.test.ts checks that no two files share one and that Korean has the same keys).
 */
const ko = { ...common, ...dashboard, ...connections, ...journal, ...statementImport, ...sandbox };

export default ko;
export const parts = { common, dashboard, connections, journal, statementImport, sandbox };
