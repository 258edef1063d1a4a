import { duplicateKey, type DuplicateFields } from "../sync/duplicates";

type Groupable = DuplicateFields & { id: string };

/**
 * The journal's look-alikes (DESIGN.md, "Duplicates"): lines that share currency, amount, counterpart
 * account number and date — the import's own rule — or share an online id, gathered transitively.
 * Only groups of two lines or more; each keeps its lines in the order given, and the groups come
 * newest date first.
 */
export function groupLookAlikes<T extends Groupable>(lines: T[]): T[][] {
  const parent = lines.map((_, index) => index);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const firstOf = new Map<string, number>();
  const join = (label: string, index: number) => {
    const first = firstOf.get(label);
    if (first === undefined) firstOf.set(label, index);
    else parent[root(index)] = root(first);
  };
  lines.forEach((line, index) => {
    join(`key:${duplicateKey(line)}`, index);
    if (line.onlineTransactionId !== null) join(`id:${line.onlineTransactionId}`, index);
  });
  const byRoot = new Map<number, T[]>();
  lines.forEach((line, index) => {
    const r = root(index);
    byRoot.set(r, [...(byRoot.get(r) ?? []), line]);
  });
  const newest = (group: T[]) => group.reduce((latest, line) => (line.date > latest ? line.date : latest), "");
  return [...byRoot.values()].filter((group) => group.length >= 2).sort((a, b) => (newest(a) < newest(b) ? 1 : newest(a) > newest(b) ? -1 : 0));
}

/**
 * "Not a duplicate" hides a group while every line of it is dismissed; a new look-alike arriving
 * later (not dismissed) brings the group back, dismissed lines included, since the new line may
 * duplicate any of them.
 */
export function isShown(group: { duplicateDismissed: boolean }[]): boolean {
  return group.length >= 2 && group.some((line) => !line.duplicateDismissed);
}
