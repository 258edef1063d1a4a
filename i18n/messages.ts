import type { Language } from "./config";

/** The catalog of a language, loaded on first use: a page needs only its reader's. */
export async function messagesFor(language: Language) {
  return language === "ko" ? (await import("@/messages/ko")).default : (await import("@/messages/en")).default;
}
