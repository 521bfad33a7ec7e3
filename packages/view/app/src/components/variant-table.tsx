import { formatCost, formatDuration, formatTokens } from '../format.js';
import type { RunModel } from '../run-model.js';

/** A matrix run's variants side by side: how many tasks each completed, at what cost and time. */
export function VariantTable({ model }: { model: RunModel }) {
  const variants = new Map<string, RunModel['tasks']>();
  for (const task of model.tasks) {
    const name = task.variant ?? '(none)';
    variants.set(name, [...(variants.get(name) ?? []), task]);
  }
  return (
    <table class="variants" data-testid="variants">
      <thead>
        <tr>
          <th>variant</th>
          <th class="numeric">completed</th>
          <th class="numeric">iterations</th>
          <th class="numeric">tokens</th>
          <th class="numeric">cost</th>
          <th class="numeric">time</th>
        </tr>
      </thead>
      <tbody>
        {[...variants].map(([name, tasks]) => (
          <tr key={name}>
            <td>{name}</td>
            <td class="numeric">
              {tasks.filter((task) => task.status === 'completed').length}/{tasks.length}
            </td>
            <td class="numeric">{tasks.reduce((sum, task) => sum + task.iterations, 0)}</td>
            <td class="numeric">{formatTokens(tasks.reduce((sum, task) => sum + task.tokens, 0))}</td>
            <td class="numeric">{formatCost(tasks.reduce((sum, task) => sum + task.costUsd, 0))}</td>
            <td class="numeric">{formatDuration(tasks.reduce((sum, task) => sum + task.durationMs, 0))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
