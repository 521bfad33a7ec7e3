import type { AgentSettings } from '../agent/agent-role.js';
import type { Pricing } from '../model/pricing.js';
import type { LanguageModel } from '../plugin/language-model.js';
import type { Role } from '../plugin/run-results.js';
import type { ProviderClient } from '../provider/model-client.js';
import type { Tool } from '../tools/tool.js';

/** One agent role as configured: which model, through which shared provider, with which tools. */
export interface AgentBinding {
  role: Role;
  client: ProviderClient;
  model: LanguageModel;
  pricing: Pricing | undefined;
  settings: AgentSettings;
  tools: Tool[];
}

/** The two agents a task runs with. */
export interface AgentPair {
  coder: AgentBinding;
  evaluator: AgentBinding;
}
