export { type BuiltinReporter, builtinReporters } from './builtin-reporters.js';
export { renderRunComparison } from './compare/render-run-comparison.js';
export { type ConsoleLang, type ConsoleMessages, consoleMessages } from './console/console-messages.js';
export {
  type ConsoleReporterOptions,
  consoleReporter,
  optionsSchema as consoleOptionsSchema,
} from './console/console-reporter.js';
export {
  type HtmlReporterOptions,
  htmlReporter,
  optionsSchema as htmlOptionsSchema,
} from './html/html-reporter.js';
export {
  type JsonReporterOptions,
  jsonReporter,
  LEGACY_RESULTS_FILE,
  optionsSchema as jsonOptionsSchema,
} from './json/json-reporter.js';
export {
  type LegacyBatchResults,
  type LegacyResultsOptions,
  type LegacyTaskResult,
  type LegacyTokenStats,
  toLegacyResults,
} from './json/legacy-results.js';
export { escapeXmlAttribute, escapeXmlText } from './junit/escape-xml.js';
export {
  type JUnitReporterOptions,
  junitReporter,
  optionsSchema as junitOptionsSchema,
} from './junit/junit-reporter.js';
export { renderJUnitReport } from './junit/render-junit-report.js';
export { escapeMarkdownCell } from './markdown/escape-markdown-cell.js';
export {
  type MarkdownReporterOptions,
  markdownReporter,
  optionsSchema as markdownOptionsSchema,
} from './markdown/markdown-reporter.js';
export { renderMarkdownReport } from './markdown/render-markdown-report.js';
