"use client";

import * as Menu from "@radix-ui/react-dropdown-menu";
import { useTranslations } from "next-intl";
import { setDeveloperModeAction, setLanguageAction, signOutAction } from "@/app/(app)/actions";
import { isLanguage, languageNames, languages, type Language } from "@/i18n/config";

const item = "cursor-pointer rounded px-3 py-1.5 text-sm outline-none data-[highlighted]:bg-slate-100";
/** The "Language" choice meaning "follow the browser's Accept-Language". */
const BROWSER = "browser";

export function UserMenu({ email, role, developerMode, language }: { email: string; role: string; developerMode: boolean; language: Language | null }) {
  const t = useTranslations("UserMenu");
  return (
    <Menu.Root>
      <Menu.Trigger className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100" aria-label={t("trigger")}>
        {email}
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content align="end" sideOffset={6} className="z-50 min-w-56 rounded-md border border-slate-200 bg-white p-1 shadow-lg">
          <Menu.Label className="px-3 py-1.5 text-xs text-slate-500">
            {t("identity", { email, role })}
          </Menu.Label>
          <Menu.Separator className="my-1 h-px bg-slate-200" />
          <Menu.Item className={item} onSelect={() => setDeveloperModeAction(!developerMode)}>
            {developerMode ? t("deactivateDeveloperMode") : t("activateDeveloperMode")}
          </Menu.Item>
          <Menu.Sub>
            <Menu.SubTrigger className={`${item} flex items-center justify-between gap-4 data-[state=open]:bg-slate-100`}>
              {t("language")}
              <span aria-hidden="true">›</span>
            </Menu.SubTrigger>
            <Menu.Portal>
              <Menu.SubContent sideOffset={4} className="z-50 min-w-44 rounded-md border border-slate-200 bg-white p-1 shadow-lg">
                <Menu.RadioGroup value={language ?? BROWSER} onValueChange={(value) => setLanguageAction(isLanguage(value) ? value : null)}>
                  {languages.map((code) => (
                    <Menu.RadioItem key={code} value={code} lang={code} className={`${item} flex items-center gap-2`}>
                      <Menu.ItemIndicator className="w-3">✓</Menu.ItemIndicator>
                      <span className={language === code ? "" : "ml-5"}>{languageNames[code]}</span>
                    </Menu.RadioItem>
                  ))}
                  <Menu.RadioItem value={BROWSER} className={`${item} flex items-center gap-2`}>
                    <Menu.ItemIndicator className="w-3">✓</Menu.ItemIndicator>
                    <span className={language === null ? "" : "ml-5"}>{t("browserLanguage")}</span>
                  </Menu.RadioItem>
                </Menu.RadioGroup>
              </Menu.SubContent>
            </Menu.Portal>
          </Menu.Sub>
          <Menu.Item className={item} onSelect={() => signOutAction()}>
            {t("signOut")}
          </Menu.Item>
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
