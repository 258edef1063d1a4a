import type { Messages, NestedKeyOf } from "next-intl";

/** Any key of the catalog, namespaces included ("Journal.errors.enterAmount"). */
export type MessageKey = NestedKeyOf<Messages>;
export type MessageValues = Record<string, string | number | Date>;

/**
 * A sentence for the user, said as a catalog key and its values: code that does not know who reads
 * (the domain, the sync engine, validation) says what happened; the page, the action or the route
 * that answers says it in the reader's language. Plain data, so it crosses to the browser and into
 * the database as it is.
 */
export type Message = { key: MessageKey; values?: MessageValues };

/** A translator over the whole catalog, keys with their namespace, as code that says stored Messages needs it. */
export type Translate = (key: string, values?: MessageValues) => string;

export function message(key: MessageKey, values?: MessageValues): Message {
  return values ? { key, values } : { key };
}

export function isMessage(value: unknown): value is Message {
  return typeof value === "object" && value !== null && typeof (value as Message).key === "string";
}
