import { message, type Message } from "@/i18n/message";

/**
 * The domain's errors carry what the user is told as a Message (a catalog key and its values, said in
 * the reader's language by lib/form-errors.ts or the page); their `message` stays English, for logs.
 */

/** What NotFoundError names, as the catalog's `Errors.notFound` selects it ("Statement line" → statement_line). */
const notFoundThings = new Set(["account", "bank_link_of_this_journal", "company", "connection_attempt", "connection", "journal", "statement_import", "statement_line", "institution"]);

/** The record does not exist for this actor (another company's records answer the same). */
export class NotFoundError extends Error {
  readonly userMessage: Message;
  constructor(what: string) {
    super(`${what} not found`);
    this.name = "NotFoundError";
    const thing = what.toLowerCase().replace(/^\S+ institution$/, "institution").replace(/\W+/g, "_");
    this.userMessage = message("Errors.notFound", { what: notFoundThings.has(thing) ? thing : "other" });
  }
}

/** The actor may not do this (a viewer writing, a non-admin managing users). */
export class ForbiddenError extends Error {
  constructor(
    message_ = "You are not allowed to do this.",
    readonly userMessage: Message = message("Errors.forbidden"),
  ) {
    super(message_);
    this.name = "ForbiddenError";
  }
}

/** What a field is told: a Message, or (not yet translated code) English text shown as it is. */
export type FieldMessage = Message | string;

/** Input that breaks a business rule, keyed by the form field it concerns. */
export class ValidationError extends Error {
  constructor(readonly fieldErrors: Record<string, FieldMessage[]>) {
    super(
      Object.values(fieldErrors)
        .flat()
        .map((m) => (typeof m === "string" ? m : m.key))
        .join(" "),
    );
    this.name = "ValidationError";
  }
}

export class LockDateError extends Error {
  readonly userMessage: Message;
  constructor(
    readonly date: string,
    readonly lockDate: string,
  ) {
    super(`The period up to ${lockDate} is locked: nothing dated on or before it can be created, changed or deleted.`);
    this.name = "LockDateError";
    this.userMessage = message("Errors.lockDate", { lockDate });
  }
}
