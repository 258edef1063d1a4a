import { getRequestConfig } from "next-intl/server";
import { requestLocale } from "@/lib/locale";
import { languageOf } from "./config";
import { messagesFor } from "./messages";

/**
 * next-intl's configuration for each request (server components, actions, route handlers): the
 * locale resolved from the user's setting or the browser (lib/locale.ts) and that language's catalog.
 * Times are shown in UTC, as the app stores and the banks date them.
 */
export default getRequestConfig(async ({ locale: asked }) => {
  const locale = asked ?? (await requestLocale());
  return { locale, messages: await messagesFor(languageOf(locale)), timeZone: "UTC" };
});
