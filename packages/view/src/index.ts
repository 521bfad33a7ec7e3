export { type HtmlReportOptions, renderHtmlReport } from './server/render-html-report.js';
export { findRunFolders, isRunFolder } from './server/run-folders.js';
export { createMask, type Mask } from './server/secret-masker.js';
export { startViewServer, type ViewServer, type ViewServerOptions } from './server/view-server.js';
export type { RunData, RunRow, RunUpdate, TaskData, TranscriptEntry } from './view-data.js';
