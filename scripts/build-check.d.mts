// Types of build-check.mjs for the TypeScript that imports it (bench/web-server.ts).
export declare const root: string;
export declare const nextBin: string;
export declare function sourceHash(): string;
export declare function isBuilt(hash?: string): boolean;
export declare function runNext(args: string[], options?: { stdio?: "inherit" | "ignore" }): Promise<number>;
export declare function ensureBuild(options?: { stdio?: "inherit" | "ignore" }): Promise<boolean>;
