// Registry of report formats: an explicit, sorted map from format name to reporter.
import { formatHtml } from './html.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatMarkdown } from './markdown.js';
import type { Reporter } from './reporter.js';
import { formatSarif } from './sarif.js';
import { formatText } from './text.js';

export type { Reporter, ReporterOptions } from './reporter.js';

/** Every report format by name, sorted. */
export const reporters = {
  html: formatHtml,
  json: formatJson,
  junit: formatJunit,
  markdown: formatMarkdown,
  sarif: formatSarif,
  text: formatText,
} as const satisfies Record<string, Reporter>;

export type FormatName = keyof typeof reporters;

/**
 * The formats that show a finding's evidence. The others (text, JUnit) render the same bytes with or without it,
 * so a run that writes only those need not decide it: at fleet scale that is a quarter of the evaluation's work.
 */
export const evidenceFormats: ReadonlySet<string> = new Set<FormatName>(['html', 'json', 'markdown', 'sarif']);

/** The format names, sorted, for `--help` and error messages. */
export const formatNames: readonly FormatName[] = Object.keys(reporters) as FormatName[];

/** Returns the reporter of a format, or undefined for a name that is not one (the caller reports it). */
export function getReporter(name: string): Reporter | undefined {
  return Object.hasOwn(reporters, name) ? reporters[name as FormatName] : undefined;
}
