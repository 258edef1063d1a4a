"use client";

import { useState } from "react";
import { ManualBankForm } from "@/components/manual-bank-form";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";

export function AddBankAccountDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const [step, setStep] = useState<"choose" | "manual">("choose");
  const change = (next: boolean) => {
    if (!next) setStep("choose");
    onOpenChange(next);
  };
  return (
    <Dialog open={open} onOpenChange={change} title="Add a Bank Account">
      {step === "choose" ? (
        <div className="flex flex-col gap-3 text-sm">
          <p className="text-slate-600">Add the account by hand: its journal is created now and is not synchronized with the bank.</p>
          <div className="border-t border-slate-200 pt-3">
            <Button variant="secondary" onClick={() => setStep("manual")}>
              Add new bank
            </Button>
          </div>
        </div>
      ) : (
        <ManualBankForm onBack={() => setStep("choose")} onDone={() => change(false)} />
      )}
    </Dialog>
  );
}
