import type en from "@/messages/en";

// Keys are checked by the type checker: a t("…") of a key the English catalog lacks does not compile.
declare module "next-intl" {
  interface AppConfig {
    Messages: typeof en;
  }
}
