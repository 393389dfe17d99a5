// Types of the build stamp, for the tests' global setup and the stamp's own tests.

/** Where the stamp goes, relative to the package root. */
export const STAMP_FILE: string;
/** The files the build reads, relative to `root`, sorted. */
export function sourceFiles(root: string): string[];
/** The hash of each source file, by path relative to `root`. */
export function hashSources(root: string): Record<string, string>;
/** Writes the stamp of the sources as they are now into dist/ under `root`. */
export function writeStamp(root: string): void;
/** The sources changed, added or removed since dist/ under `root` was built; `undefined` when it has no stamp. */
export function staleSources(root: string): string[] | undefined;
/** Throws unless dist/ under `root` was built from the sources as they are now. */
export function assertBuiltFromSources(root: string): void;
