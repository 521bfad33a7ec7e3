import { firstLine } from '../shared/first-line.js';
import { formatInteger, formatUsd } from '../shared/format-number.js';
import type { Palette } from './create-palette.js';
import { fitLine, padEndToWidth, padStartToWidth, type Segment, textWidth, truncateToWidth } from './fit-line.js';
import type { LiveMessages } from './live-messages.js';
import { doneCount, keptCount, type LiveState, type LiveTask } from './live-state.js';
import { withVariant } from './with-variant.js';

export interface LiveViewOptions {
  /** The current time, epoch milliseconds: elapsed times, the ETA, retry countdowns and the spinner follow it. */
  now: number;
  /** The terminal's size. */
  columns: number;
  rows: number;
  messages: LiveMessages;
  paint: Palette;
}

const SPINNER = Array.from('⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏');
const SPINNER_FRAME_MS = 100;
/** The progress and usage lines above the task rows. */
const HEADER_LINES = 2;
/** The narrowest tool column worth showing. */
const MIN_TOOL_WIDTH = 10;

/**
 * The live area's lines for `state` at `now`:
 *
 * ```
 * ⠹ ██████░░░░░░░░░░░░░░░░░░ 25% 1/4 · elapsed 0:42 · ETA ~2:06 · 2 running
 *   12,345 in / 2,345 out tokens · cost $0.0123 · 1 retry (1 rate limited, 2.0s waiting)
 *   #2  iter 1  coding         write_file src/a.ts (12 lines)      1,234 tok  0:40
 *   #3  iter 2  retry 1 in 2s  HTTP 429: Too Many Requests           567 tok  0:12
 * ```
 *
 * Every line fits in `columns - 1` (a line reaching the last column would wrap in some terminals),
 * and the rows fit in `rows - 1`, with a `… N more running` line when not every task fits. Pure.
 */
export function renderLiveView(state: LiveState, options: LiveViewOptions): string[] {
  const width = Math.max(20, options.columns - 1);
  const lines = [fitLine(progressLine(state, options, width), width), fitLine(usageLine(state, options), width)];
  const room = Math.max(1, options.rows - HEADER_LINES - 1);
  const shown = state.running.length > room ? state.running.slice(0, room - 1) : state.running;
  lines.push(...taskRows(shown, state, options, width));
  const hidden = state.running.length - shown.length;
  if (hidden > 0)
    lines.push(fitLine([{ text: `  ${options.messages.more(hidden)}`, style: options.paint.dim }], width));
  return lines;
}

function progressLine(state: LiveState, options: LiveViewOptions, width: number): Segment[] {
  const { messages, paint, now } = options;
  const elapsedHere = (state.endedAt ?? now) - state.startedAt;
  const done = doneCount(state);
  const remaining = state.total - done;
  // At this session's pace: tasks kept from an earlier session took no time in this one.
  const endedHere = state.completed + state.notCompleted;
  const eta = remaining <= 0 ? 0 : endedHere === 0 ? undefined : Math.round((elapsedHere / endedHere) * remaining);
  // Time spent running, earlier sessions included, never the hours between them.
  const elapsed = state.earlierRunningMs + elapsedHere;
  const percent = state.total > 0 ? Math.floor((done / state.total) * 100) : 0;
  const segments: Segment[] = [
    { text: `${SPINNER[Math.floor(now / SPINNER_FRAME_MS) % SPINNER.length]} `, style: paint.cyan },
    ...progressBar(state, width < 70 ? 12 : 24, paint),
    { text: ` ${percent}% ${done}/${state.total}`, style: paint.bold },
  ];
  // Least needed last: a narrow terminal cuts the line from its end.
  const details = [
    messages.elapsed(formatClockDuration(elapsed)),
    messages.eta(eta === undefined ? undefined : formatClockDuration(eta)),
    ...(state.running.length > 0 ? [messages.running(state.running.length)] : []),
  ];
  return [...segments, { text: ` · ${details.join(' · ')}` }];
}

/**
 * Cells for the tasks kept from an earlier session (uncoloured: the events do not tell how they
 * ended), then green for those completed in this one, red for the others that ended, dim for the rest.
 */
function progressBar(state: LiveState, cells: number, paint: Palette): Segment[] {
  const upTo = (count: number) =>
    state.total > 0 ? Math.round((Math.min(count, state.total) / state.total) * cells) : 0;
  const kept = upTo(keptCount(state));
  const completed = upTo(keptCount(state) + state.completed);
  const ended = upTo(doneCount(state));
  return [
    { text: '█'.repeat(kept) },
    { text: '█'.repeat(completed - kept), style: paint.green },
    { text: '█'.repeat(ended - completed), style: paint.red },
    { text: '░'.repeat(cells - ended), style: paint.dim },
  ];
}

function usageLine(state: LiveState, options: LiveViewOptions): Segment[] {
  const { messages, paint } = options;
  const tokens = messages.tokens(formatInteger(state.inputTokens), formatInteger(state.outputTokens));
  const waited = `${(state.retryWaitMs / 1000).toFixed(1)}s`;
  return [
    { text: `  ${tokens} · ${messages.cost(formatUsd(state.costUsd))} · ` },
    {
      text: messages.retries(state.retries, state.rateLimited, waited),
      style: state.retries > 0 ? paint.yellow : paint.dim,
    },
  ];
}

interface RowCells {
  task: LiveTask;
  number: string;
  iteration: string;
  status: string;
  waiting: boolean;
  detail: string;
  suffix: string;
}

/** One row per task, in aligned columns; the tool column takes the room that is left. */
function taskRows(tasks: readonly LiveTask[], state: LiveState, options: LiveViewOptions, width: number): string[] {
  const { messages, paint, now } = options;
  const rows = tasks.map((task): RowCells => {
    // A retry shows until its wait is over, counting down in whole seconds.
    const retry = task.retry && task.retry.until > now ? task.retry : undefined;
    return {
      task,
      // A matrix runs each task once per variant: the variant tells its rows apart.
      number: withVariant(messages.task(task.index + 1), task.variant),
      iteration: task.iteration > 0 ? messages.iteration(task.iteration) : '',
      status: retry
        ? messages.retryIn(retry.attempt, `${Math.ceil((retry.until - now) / 1000)}s`)
        : messages.activity(task.activity, task.stage),
      waiting: retry !== undefined,
      detail: (retry ? retry.reason : task.lastTool?.summary) ?? '',
      suffix: `${messages.taskTokens(formatInteger(task.tokens))}  ${formatClockDuration(now - task.startedAt)}`,
    };
  });
  const widest = (cell: (row: RowCells) => string) => Math.max(0, ...rows.map((row) => textWidth(cell(row))));
  const numberWidth = Math.max(
    widest((row) => row.number),
    textWidth(messages.task(state.total)),
  );
  const iterationWidth = widest((row) => row.iteration);
  const statusWidth = widest((row) => row.status);
  const suffixWidth = widest((row) => row.suffix);
  const fixed = 2 + numberWidth + 2 + iterationWidth + 2 + statusWidth + 2 + suffixWidth;
  const detailWidth = width - fixed - 2;
  return rows.map((row) => {
    const statusStyle = row.waiting
      ? paint.yellow
      : row.task.activity === 'coding'
        ? paint.cyan
        : row.task.activity === 'evaluating'
          ? paint.magenta
          : paint.dim;
    const detailStyle = !row.waiting && row.task.lastTool?.isError ? paint.red : paint.dim;
    const segments: Segment[] = [
      { text: '  ' },
      { text: padEndToWidth(row.number, numberWidth), style: paint.bold },
      { text: `  ${padEndToWidth(row.iteration, iterationWidth)}  ` },
      { text: padEndToWidth(row.status, statusWidth), style: statusStyle },
      { text: '  ' },
      ...(detailWidth >= MIN_TOOL_WIDTH
        ? [
            {
              text: padEndToWidth(truncateToWidth(firstLine(row.detail, 200), detailWidth), detailWidth),
              style: detailStyle,
            },
            { text: '  ' },
          ]
        : []),
      { text: padStartToWidth(row.suffix, suffixWidth), style: paint.dim },
    ];
    return fitLine(segments, width);
  });
}

/** `0:42`, `12:03`, `1:02:03`: a clock that steps once a second, for times that change as you watch. */
export function formatClockDuration(milliseconds: number): string {
  const total = Math.max(0, Math.floor(milliseconds / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}
