import { randomInt } from "node:crypto";

// Crockford's base32 without I, L, O, U: nothing to misread when a user reads it out to support.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A short reference for one error ("BS-7K3F9QX2"), shown to the user, stored and logged with it. */
export function newErrorReference(): string {
  let code = "";
  for (let i = 0; i < 8; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return `BS-${code}`;
}
