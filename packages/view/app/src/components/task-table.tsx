import { useMemo, useRef, useState } from 'preact/hooks';
import { firstLine, formatCost, formatDuration, formatTokens, shortFolder } from '../format.js';
import { taskHref } from '../route.js';
import { type RunModel, type TaskRow, taskDuration } from '../run-model.js';
import { StatusBadge } from './status-badge.js';
import { useVirtualRows } from './use-virtual-rows.js';

interface Column {
  key: string;
  title: string;
  value: (task: TaskRow, elapsed: number) => string | number;
  render?: (task: TaskRow, elapsed: number) => preact.ComponentChild;
  numeric?: boolean;
  width?: string;
}

const baseColumns: Column[] = [
  {
    key: 'index',
    width: '3.5em',
    title: '#',
    value: (task) => task.index,
    render: (task) => task.index + 1,
    numeric: true,
  },
  {
    key: 'status',
    width: '7.5em',
    title: 'status',
    value: (task) => task.status,
    render: (task) => <StatusBadge status={task.status} />,
  },
  { key: 'iterations', width: '3.8em', title: 'iter.', value: (task) => task.iterations, numeric: true },
  {
    key: 'tokens',
    width: '6.5em',
    title: 'tokens',
    value: (task) => task.tokens,
    render: (task) => formatTokens(task.tokens),
    numeric: true,
  },
  {
    key: 'cost',
    width: '6em',
    title: 'cost',
    value: (task) => task.costUsd,
    render: (task) => formatCost(task.costUsd),
    numeric: true,
  },
  {
    key: 'duration',
    width: '6em',
    title: 'duration',
    value: taskDuration,
    render: (task, elapsed) => formatDuration(taskDuration(task, elapsed)),
    numeric: true,
  },
  { key: 'folder', width: '13em', title: 'folder', value: (task) => shortFolder(task.dir) },
  { key: 'prompt', title: 'prompt', value: (task) => task.prompt, render: (task) => firstLine(task.prompt) },
];

const variantColumn: Column = { key: 'variant', width: '8em', title: 'variant', value: (task) => task.variant ?? '' };
const attemptsColumn: Column = {
  key: 'attempts',
  width: '6em',
  title: 'attempts',
  value: (task) => task.attempts ?? 0,
  render: (task) => (task.attempts ? `${task.chosenAttempt ?? '?'} of ${task.attempts}` : ''),
  numeric: true,
};

const ROW_HEIGHT = 34;

/** Every task of the run: sortable by any column, filtered by text and status, virtualised. */
export function TaskTable({ runId, model }: { runId: string; model: RunModel }) {
  const [sort, setSort] = useState<{ key: string; descending: boolean }>({ key: 'index', descending: false });
  const [filter, setFilter] = useState('');
  const [status, setStatus] = useState('');
  const columns = useMemo(() => {
    const extra = [...(model.hasVariants ? [variantColumn] : []), ...(model.hasAttempts ? [attemptsColumn] : [])];
    return [...baseColumns.slice(0, 2), ...extra, ...baseColumns.slice(2)];
  }, [model.hasVariants, model.hasAttempts]);
  const statuses = useMemo(() => [...new Set(model.tasks.map((task) => task.status))].sort(), [model.tasks]);
  const rows = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    const column = columns.find((candidate) => candidate.key === sort.key) ?? baseColumns[0];
    const shown = model.tasks.filter(
      (task) =>
        (!status || task.status === status) &&
        (!needle ||
          [task.id, task.dir, task.prompt, task.status, task.variant ?? '', task.verdict].some((text) =>
            text.toLowerCase().includes(needle),
          )),
    );
    if (!column) return shown;
    const direction = sort.descending ? -1 : 1;
    return shown.sort((a, b) => {
      const left = column.value(a, model.elapsed);
      const right = column.value(b, model.elapsed);
      const order =
        typeof left === 'number' && typeof right === 'number'
          ? left - right
          : String(left).localeCompare(String(right));
      return order * direction || a.index - b.index;
    });
  }, [model, filter, status, sort, columns]);
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualRows(rows.length, scroller, ROW_HEIGHT);
  const items = virtualizer.getVirtualItems();
  const before = items[0]?.start ?? 0;
  const after = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);

  const toggleSort = (key: string) =>
    setSort((current) => ({ key, descending: current.key === key ? !current.descending : key !== 'index' }));

  return (
    <section class="task-table">
      <div class="table-tools">
        <input
          type="search"
          placeholder="Filter tasks: id, folder, prompt, verdict…"
          value={filter}
          onInput={(event) => setFilter(event.currentTarget.value)}
          aria-label="Filter tasks"
        />
        <select value={status} onChange={(event) => setStatus(event.currentTarget.value)} aria-label="Status">
          <option value="">every status</option>
          {statuses.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
        <span class="count" data-testid="task-count">
          {rows.length} of {model.tasks.length} tasks
        </span>
      </div>
      <div class="table-scroll" ref={scroller}>
        <table class="tasks">
          <colgroup>
            {columns.map((column) => (
              <col key={column.key} style={{ width: column.width }} />
            ))}
          </colgroup>
          <thead>
            <tr>
              {columns.map((column) => (
                <th
                  scope="col"
                  key={column.key}
                  aria-sort={sort.key === column.key ? (sort.descending ? 'descending' : 'ascending') : 'none'}
                >
                  <button
                    type="button"
                    class={column.numeric ? 'numeric' : ''}
                    data-sort={column.key}
                    onClick={() => toggleSort(column.key)}
                  >
                    {column.title}
                    {sort.key === column.key ? (sort.descending ? ' ▼' : ' ▲') : ''}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {before > 0 && <tr class="spacer" style={{ height: `${before}px` }} />}
            {items.map((item) => {
              const task = rows[item.index];
              if (!task) return null;
              const href = taskHref(runId, task.id);
              return (
                <tr key={task.id} class="task-row" data-task-id={task.id} style={{ height: `${ROW_HEIGHT}px` }}>
                  {columns.map((column, position) => (
                    <td key={column.key} class={column.numeric ? 'numeric' : ''}>
                      {/* Every cell links to the task, so the whole row is a target; only the first is a tab stop. */}
                      <a href={href} tabIndex={position === 0 ? 0 : -1}>
                        {column.render ? column.render(task, model.elapsed) : column.value(task, model.elapsed)}
                      </a>
                    </td>
                  ))}
                </tr>
              );
            })}
            {after > 0 && <tr class="spacer" style={{ height: `${after}px` }} />}
          </tbody>
        </table>
      </div>
    </section>
  );
}
