import { isMessage, type Message, type MessageKey, type Translate } from "@/i18n/message";

/**
 * Texts a connection keeps in the database (its last error, its log entries, a run's error) are read
 * later, by someone whose language may differ from the writer's. So they are stored as a Message in
 * JSON, said when shown; the provider's own words are kept beside it, as sent, never translated.
 * Rows written before (and the sentences the sync engine still writes in English) are plain text:
 * the engine's known sentences are recognised and said in the reader's language, anything else is
 * shown as it is.
 */

/** A Message whose values may be Messages themselves (a failure's reason inside "… failed after 2 s: …"). */
export type Said = { key: MessageKey; values?: Record<string, string | number | Date | Said> };

/** What a stored text says: our sentence, and the provider's message as it sent it; or text as it was written. */
export type StoredText = { said: Said; providerMessage: string | null } | { text: string };

type Stored = Message & { providerMessage?: string };

/** A Message as a text column holds it. */
export function storeText(message: Message, providerMessage?: string | null): string {
  const stored: Stored = providerMessage ? { ...message, providerMessage } : message;
  return JSON.stringify(stored);
}

/** Reads what `storeText` wrote, or text written before it (said in the reader's language where it is the engine's). */
export function readStoredText(raw: string): StoredText {
  if (raw.startsWith("{")) {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (isMessage(parsed)) {
        const { providerMessage, ...message } = parsed as Stored;
        return { said: message, providerMessage: typeof providerMessage === "string" ? providerMessage : null };
      }
    } catch {
      // Not ours: plain text that happens to start with a brace.
    }
  }
  return engineText(raw) ?? { text: raw };
}

/** Says a Said in one language, its inner Messages first. */
export function sayStored(t: Translate, said: Said): string {
  const values = Object.fromEntries(
    Object.entries(said.values ?? {}).map(([name, value]) => [name, typeof value === "object" && !(value instanceof Date) ? sayStored(t, value) : value]),
  );
  return t(said.key, values);
}

/** The words of a stored text, and the provider's message labelled as such (its own line), in one language. */
export function sayStoredText(t: Translate, stored: StoredText, providerName: string): { text: string; providerMessage: string | null } {
  if ("text" in stored) return { text: stored.text, providerMessage: null };
  const providerMessage = stored.providerMessage ? t("ProviderErrors.providerMessage", { provider: providerName, message: stored.providerMessage }) : null;
  return { text: sayStored(t, stored.said), providerMessage };
}

// The sync engine (lib/banksync/sync/run.ts, outcomes.ts, requests.ts) still writes English sentences;
// until it writes Messages, its known sentences are recognised here. Each pattern mirrors its source.

const states: Record<string, MessageKey> = {
  Connected: "ConnectionState.connected",
  "Action required": "ConnectionState.actionRequired",
  Error: "ConnectionState.error",
  Disconnected: "ConnectionState.disconnected",
};

const triggers: Record<string, MessageKey> = {
  "First synchronization": "SyncRuns.triggers.initial",
  "Fetch Transactions": "SyncRuns.triggers.manual",
  "Scheduled synchronization": "SyncRuns.triggers.scheduled",
  "Find Missing Transactions": "SyncRuns.triggers.missing",
  "Synchronization after updating credentials": "SyncRuns.triggers.update",
  Synchronization: "SyncRuns.triggers.other",
};

/** outcomes.ts and run.ts: why a run failed, as the connection's last error and inside its log entry. */
const reasons: Record<string, MessageKey> = {
  "The synchronization failed.": "SyncRuns.failed",
  "The synchronization failed unexpectedly.": "SyncRuns.unexpected",
  "The synchronization was interrupted (its worker stopped).": "SyncRuns.interrupted",
  "The synchronization could not be queued. Use “Fetch Transactions” to try again.": "SyncRuns.notQueued",
  "The bank asks you to sign in again: click “Reconnect Bank”.": "ProviderErrors.needsUserAction",
  "Access to this bank has expired: click “Reconnect Bank” to renew it.": "ProviderErrors.consentExpired",
  "This bank does not allow automatic synchronization. Disable automatic synchronization and use Fetch Transactions.": "ProviderErrors.autoFetchUnsupported",
};

const TRANSIENT = /^The bank's provider did not answer in time \((.*)\)\. The next synchronization tries again\.$/s;
const PROVIDER_REPORTED = /^The provider reported an error: (.*)$/s;

function reasonOf(text: string): { said: Said; providerMessage: string | null } | null {
  const key = reasons[text];
  if (key) return { said: { key }, providerMessage: null };
  const transient = TRANSIENT.exec(text);
  if (transient) return { said: { key: "ProviderErrors.transient", values: { detail: transient[1]! } }, providerMessage: null };
  const reported = PROVIDER_REPORTED.exec(text);
  if (reported) return { said: { key: "ProviderErrors.other" }, providerMessage: reported[1]! };
  return null;
}

const STATE_CHANGED = /^State changed: (.+) → (.+)\.$/;
const SYNCHRONIZED = /^(.+): (\d+) imported, (\d+) already known, (\d+) possible duplicates, (\d+) pending not imported \(([\d.]+) s\)\.( The bank's refresh limit was reached\.)?$/;
const FAILED = /^(.+) failed after ([\d.]+) s: (.*?)(?: \(provider code (.+)\))?$/s;

function engineText(text: string): StoredText | null {
  const reason = reasonOf(text);
  if (reason) return reason;
  const changed = STATE_CHANGED.exec(text);
  if (changed && states[changed[1]!] && states[changed[2]!]) {
    return { said: { key: "ConnectionLog.stateChanged", values: { from: { key: states[changed[1]!]! }, to: { key: states[changed[2]!]! } } }, providerMessage: null };
  }
  const done = SYNCHRONIZED.exec(text);
  if (done && triggers[done[1]!]) {
    const [, trigger, imported, known, flagged, pending, seconds, limited] = done;
    return {
      said: {
        key: limited ? "ConnectionLog.synchronizedLimited" : "ConnectionLog.synchronized",
        values: { trigger: { key: triggers[trigger!]! }, imported: imported!, known: known!, flagged: flagged!, pending: pending!, seconds: seconds! },
      },
      providerMessage: null,
    };
  }
  const failed = FAILED.exec(text);
  const inner = failed && triggers[failed[1]!] ? reasonOf(failed[3]!) : null;
  if (failed && inner) {
    const [, trigger, seconds, , code] = failed;
    const values = { trigger: { key: triggers[trigger!]! }, seconds: seconds!, reason: inner.said };
    return {
      said: code ? { key: "ConnectionLog.syncFailedCode", values: { ...values, code } } : { key: "ConnectionLog.syncFailed", values },
      providerMessage: inner.providerMessage,
    };
  }
  return null;
}
