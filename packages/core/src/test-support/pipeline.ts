import type { Pricing } from '../model/pricing.js';
import type { AgentBinding } from '../pipeline/agent-binding.js';
import type { EventSink, RunEventInput } from '../plugin/event-sink.js';
import type { LanguageModel } from '../plugin/language-model.js';
import type { RunEvent } from '../plugin/run-event.js';
import type { Role } from '../plugin/run-results.js';
import { ProviderClient, type ProviderLimits } from '../provider/model-client.js';
import { coderTools, evaluatorTools } from '../tools/index.js';

export interface BindingOptions {
  pricing?: Pricing;
  maxTurns?: number;
  /** Share one client between roles, as two agents on one provider do. */
  client?: ProviderClient;
  limits?: ProviderLimits;
}

/** An agent role bound to `model` through its own provider client with tiny retry delays. */
export function agentBinding(role: Role, model: LanguageModel, options: BindingOptions = {}): AgentBinding {
  return {
    role,
    client:
      options.client ?? new ProviderClient(role, { backoff: { initialDelayMs: 1, maxDelayMs: 4 }, ...options.limits }),
    model,
    pricing: options.pricing,
    settings: { system: `system prompt of the ${role}`, maxTurns: options.maxTurns ?? 8 },
    tools: role === 'coder' ? coderTools : evaluatorTools({ allowShell: false }),
  };
}

/** An `EventSink` that stamps and keeps every event. */
export function recordingSink(): { sink: EventSink; events: RunEvent[] } {
  const events: RunEvent[] = [];
  const emit = (event: RunEventInput) => {
    events.push({ time: new Date().toISOString(), ...event } as RunEvent);
  };
  return { sink: { emit }, events };
}
