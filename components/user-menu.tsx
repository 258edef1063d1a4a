"use client";

import * as Menu from "@radix-ui/react-dropdown-menu";
import { setDeveloperModeAction, signOutAction } from "@/app/(app)/actions";

const item = "cursor-pointer rounded px-3 py-1.5 text-sm outline-none data-[highlighted]:bg-slate-100";

export function UserMenu({ email, role, developerMode }: { email: string; role: string; developerMode: boolean }) {
  return (
    <Menu.Root>
      <Menu.Trigger className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100" aria-label="User menu">
        {email}
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content align="end" sideOffset={6} className="z-50 min-w-56 rounded-md border border-slate-200 bg-white p-1 shadow-lg">
          <Menu.Label className="px-3 py-1.5 text-xs text-slate-500">
            {email} · {role}
          </Menu.Label>
          <Menu.Separator className="my-1 h-px bg-slate-200" />
          <Menu.Item className={item} onSelect={() => setDeveloperModeAction(!developerMode)}>
            {developerMode ? "Deactivate developer mode" : "Activate developer mode"}
          </Menu.Item>
          <Menu.Item className={item} onSelect={() => signOutAction()}>
            Sign out
          </Menu.Item>
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
