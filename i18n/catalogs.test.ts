import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import en, { parts as enParts } from "@/messages/en";
import ko, { parts as koParts } from "@/messages/ko";

type Tree = { [key: string]: string | Tree };

/** Every key of a catalog as a dotted path, with its text. */
function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const keys = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") keys.set(full, value);
    else for (const [k, v] of flatten(value, full)) keys.set(k, v);
  }
  return keys;
}

/** The argument names of an ICU message, with their kinds ("count:plural", "name:argument"). */
function argumentsOf(elements: MessageFormatElement[], found = new Set<string>()): Set<string> {
  for (const element of elements) {
    if (element.type === TYPE.literal || element.type === TYPE.pound) continue;
    const kind = element.type === TYPE.argument ? "argument" : TYPE[element.type];
    found.add(`${element.value}:${kind}`);
    if (element.type === TYPE.plural || element.type === TYPE.select) {
      for (const option of Object.values(element.options)) argumentsOf(option.value, found);
    }
    if (element.type === TYPE.tag) argumentsOf(element.children, found);
  }
  return found;
}

const root = path.resolve(__dirname, "..");
const sourceFolders = ["app", "components", "lib", "i18n"];

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const full = path.join(folder, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

/** The string literals of a file and the fixed heads of its template literals (`state.${x}` → "state."). */
function literalsOf(file: string): { strings: Set<string>; heads: string[] } {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, false, file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const strings = new Set<string>();
  const heads: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) strings.add(node.text);
    else if (ts.isTemplateExpression(node) && node.head.text) heads.push(node.head.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { strings, heads };
}

/**
 * Whether the code uses a key: its full path written somewhere ("Errors.notFound", as a Message or a
 * translator without namespace gets it), or, in one file, a namespace ("Dashboard", or "Dashboard.card")
 * and the rest of the path ("title") — or a template literal's fixed head of it, for keys chosen at run
 * time (t(`states.${state}`)).
 */
function isUsed(key: string, files: { strings: Set<string>; heads: string[] }[]): boolean {
  const parts = key.split(".");
  return files.some(({ strings, heads }) => {
    if (strings.has(key) || heads.some((head) => head.includes(".") && key.startsWith(head))) return true;
    for (let i = 1; i < parts.length; i++) {
      const namespace = parts.slice(0, i).join(".");
      const rest = parts.slice(i).join(".");
      if (strings.has(namespace) && (strings.has(rest) || heads.some((head) => rest.startsWith(head)))) return true;
    }
    return false;
  });
}

const english = flatten(en as Tree);
const korean = flatten(ko as Tree);

describe("message catalogs", () => {
  it("have the same keys in English and Korean", () => {
    expect([...korean.keys()].filter((key) => !english.has(key)), "keys only in Korean").toEqual([]);
    expect([...english.keys()].filter((key) => !korean.has(key)), "keys only in English").toEqual([]);
  });

  it("give every namespace to one file only, the same file in both languages", () => {
    for (const [name, parts] of [["en", enParts], ["ko", koParts]] as const) {
      const owners = new Map<string, string>();
      for (const [part, tree] of Object.entries(parts)) {
        for (const namespace of Object.keys(tree)) {
          expect(owners.get(namespace), `${name}: namespace ${namespace} is in ${owners.get(namespace)} and ${part}`).toBeUndefined();
          owners.set(namespace, part);
        }
      }
    }
    for (const [part, tree] of Object.entries(enParts)) {
      expect(Object.keys(koParts[part as keyof typeof koParts]).sort(), `namespaces of ${part}`).toEqual(Object.keys(tree).sort());
    }
  });

  it("hold valid ICU messages with the same arguments in both languages", () => {
    for (const [key, text] of english) {
      const translated = korean.get(key);
      if (translated === undefined) continue;
      expect(translated.trim(), `${key} is empty in Korean`).not.toBe("");
      const [a, b] = [parse(text, { ignoreTag: false }), parse(translated, { ignoreTag: false })];
      expect([...argumentsOf(b)].sort(), `arguments of ${key}`).toEqual([...argumentsOf(a)].sort());
    }
  });

  it("hold no key the code does not use", () => {
    const files = sourceFolders.flatMap((folder) => sourceFiles(path.join(root, folder))).map(literalsOf);
    expect([...english.keys()].filter((key) => !isUsed(key, files)), "unused keys").toEqual([]);
  });
});
