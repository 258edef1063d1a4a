import Link from "next/link";
import { CopyButton } from "@/components/ui/copy-button";

export type ShownFailure = {
  kind: string;
  message: string;
  code: string | null;
  reference: string | null;
  /** "already synchronized": the existing connection. */
  existingConnectionId?: string | null;
};

/** Why a connection did not come about, what to do next, and the reference for support. */
export function ConnectFailureNotice({ failure }: { failure: ShownFailure }) {
  // `?debug=1` turns developer mode on, where Online Synchronization lives.
  const managePage = `/configuration/online-synchronization${failure.existingConnectionId ? `/${failure.existingConnectionId}` : ""}?debug=1`;
  return (
    <div role="alert" className="flex flex-col gap-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900">
      <p className="font-medium">{failure.message}</p>
      {failure.kind === "already_exists" ? (
        <ul className="list-disc pl-5">
          <li>
            Update the existing connection&apos;s credentials: open it in{" "}
            <Link href={managePage} className="underline">
              Online Synchronization
            </Link>{" "}
            and click “Update Credentials”.
          </li>
          <li>Or delete the existing connection there, then connect again.</li>
        </ul>
      ) : null}
      {failure.reference ? (
        <p className="flex flex-wrap items-center gap-2 text-xs">
          <span>
            Reference: <code className="font-mono">{failure.reference}</code>
            {failure.code ? ` · provider code ${failure.code}` : ""}
          </span>
          <CopyButton value={failure.reference} label="reference" />
        </p>
      ) : null}
    </div>
  );
}
