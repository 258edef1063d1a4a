/** The record does not exist for this actor (another company's records answer the same). */
export class NotFoundError extends Error {
  constructor(what: string) {
    super(`${what} not found`);
    this.name = "NotFoundError";
  }
}

/** The actor may not do this (a viewer writing, a non-admin managing users). */
export class ForbiddenError extends Error {
  constructor(message = "You are not allowed to do this.") {
    super(message);
    this.name = "ForbiddenError";
  }
}

/** Input that breaks a business rule, keyed by the form field it concerns. */
export class ValidationError extends Error {
  constructor(readonly fieldErrors: Record<string, string[]>) {
    super(Object.values(fieldErrors).flat().join(" "));
    this.name = "ValidationError";
  }
}

export class LockDateError extends Error {
  constructor(
    readonly date: string,
    readonly lockDate: string,
  ) {
    super(`The period up to ${lockDate} is locked: nothing dated on or before it can be created, changed or deleted.`);
    this.name = "LockDateError";
  }
}
