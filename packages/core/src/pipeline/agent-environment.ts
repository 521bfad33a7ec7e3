import type { AgentEnvironment } from '../agent/agent-role.js';
import type { BudgetLedger } from '../plugin/budget-ledger.js';
import type { EventSink } from '../plugin/event-sink.js';
import type { TaskStore } from '../plugin/task-store.js';
import type { AgentBinding } from './agent-binding.js';
import type { UsageMeter } from './usage-meter.js';

export interface EnvironmentContext {
  taskId: string;
  /** The iteration in progress, read at each call. */
  iteration(): number;
  meter: UsageMeter;
  ledger: BudgetLedger;
  store: TaskStore;
  sink: EventSink;
}

/**
 * Connects an agent to the run: its model calls go through the provider's shared client, are
 * counted and priced (and charged to the run's ledger), and become events; its messages go to the task's transcript.
 */
export function agentEnvironment(binding: AgentBinding, context: EnvironmentContext): AgentEnvironment {
  const { taskId, store, sink } = context;
  const stamp = () => ({ time: new Date().toISOString(), iteration: context.iteration(), role: binding.role });
  return {
    async callModel(request) {
      sink.emit({
        type: 'model-call-start',
        taskId,
        iteration: context.iteration(),
        role: binding.role,
        provider: binding.client.name,
        model: binding.model.modelId,
      });
      const started = Date.now();
      const response = await binding.client.generate(binding.model, request, {
        onRetry: ({ statusCode, ...notice }) =>
          sink.emit({
            type: 'model-retry',
            taskId,
            iteration: context.iteration(),
            role: binding.role,
            provider: binding.client.name,
            ...notice,
            ...(statusCode !== undefined && { statusCode }),
          }),
      });
      const { usage, costUsd } = context.meter.record(binding.role, response.usage, binding.pricing);
      await context.ledger.charge({ taskId, role: binding.role, usage, costUsd });
      sink.emit({
        type: 'model-call-end',
        taskId,
        iteration: context.iteration(),
        role: binding.role,
        provider: binding.client.name,
        model: binding.model.modelId,
        usage,
        costUsd,
        durationMs: Date.now() - started,
        finishReason: response.finishReason,
      });
      store.appendTranscript(taskId, { ...stamp(), type: 'usage', usage });
      return response;
    },
    onMessage(message) {
      store.appendTranscript(taskId, { ...stamp(), type: 'message', message });
    },
    onToolCall(call, output, durationMs) {
      sink.emit({
        type: 'tool-call-end',
        taskId,
        iteration: context.iteration(),
        role: binding.role,
        tool: call.name,
        summary: output.summary,
        isError: output.isError === true,
        durationMs,
      });
    },
  };
}
