// The reporter contract: one pure function from a report to the text of one output format.
import type { FailOn } from '../engine/evaluate/run.js';
import type { ReportView } from '../engine/types.js';

export interface ReporterOptions {
  /** ISO time to stamp into formats that carry one; absent means no timestamp, so output is reproducible. */
  timestamp?: string;
  /**
   * SARIF: also emit unknown, pass and notApplicable results, so every finding (evidence for auditors). Only
   * outcomes the report lists can appear: evaluate with `includePassing` too (the CLI sets both).
   */
  includePassing?: boolean;
  /**
   * JUnit: the most targets of one outcome a rule's suite lists one by one (`JUNIT_MAX_LISTED`, 500, by
   * default); the others are counted in one test case. 0: no limit.
   */
  junitMaxListed?: number;
  /**
   * HTML: the most findings of one outcome a rule's section lists (`HTML_MAX_LISTED`, 500, by default); the
   * others are counted. 0: no limit.
   */
  htmlMaxListed?: number;
  /** HTML: the `--fail-on` threshold, to show the gate's verdict (the library decides it: `hasViolations`). */
  failOn?: FailOn;
  /** HTML: the gate is `--fail-on-new` (`hasNewViolations`): only findings new or worse since the baseline fail it. */
  failOnNew?: boolean;
  /**
   * SARIF: the most results a run lists (`MAX_SARIF_RESULTS`, 5,000, by default), shared fairly among the
   * rules; each rule cut gets one more result counting what was left out. 0: no limit.
   */
  sarifMaxResults?: number;
  /** SARIF: the run's category, written as `automationDetails.id` `CATEGORY/` (default `aipcheck/<organization id>`). */
  sarifCategory?: string;
  /**
   * SARIF: the absolute directory `%SRCROOT%` stands for (the root of the checkout), when it is not the working
   * directory; inventory files under it are written relative to it. Needs `workingDirectory`.
   */
  sarifSrcRoot?: string;
  /** The absolute directory the report's relative paths are relative to. */
  workingDirectory?: string;
  /** Text: use ANSI colors. The CLI decides (TTY, NO_COLOR); reporters never look at the environment. */
  color?: boolean;
}

/**
 * A reporter renders a report as chunks of text. Chunks let the CLI stream very large reports to a file
 * without building one giant string; joining them gives the whole output. Must be pure and
 * deterministic: the same report and options give the same bytes. `report.findings` may be produced as it is
 * read (a fleet's findings are rendered one at a time): iterate it, as often as needed, but do not index it.
 * Chunks are encoded to UTF-8 one by one: a chunk never ends between the two halves of a surrogate pair.
 */
export type Reporter = (report: ReportView, options: ReporterOptions) => Iterable<string>;
