import type { Role } from '@agentbatch/core';
import { Fragment } from 'preact';
import { formatTokens } from '../format.js';
import type { ToolCallView, TurnView } from '../transcript-model.js';
import { FoldedText } from './folded-text.js';
import { StatusBadge } from './status-badge.js';

/** One agent's side of a task, or both interleaved: every message, tool call and result, iteration by iteration. */
export function Conversation({ turns, roles }: { turns: TurnView[]; roles: readonly Role[] }) {
  const shown = turns.filter((turn) => roles.includes(turn.role));
  if (shown.length === 0) return <p class="empty">No messages yet.</p>;
  return (
    <ol class="conversation">
      {shown.map((turn, position) => {
        const previous = shown[position - 1];
        const newIteration = !previous || previous.iteration !== turn.iteration;
        return (
          <Fragment key={position}>
            {newIteration && <li class="iteration-mark">iteration {turn.iteration}</li>}
            <Turn turn={turn} />
          </Fragment>
        );
      })}
    </ol>
  );
}

function Turn({ turn }: { turn: TurnView }) {
  if (turn.kind === 'orphan-result') {
    return (
      <li class={`turn role-${turn.role} tool-result`}>
        <header>
          {turn.role} · result of {turn.message.toolName}
        </header>
        <FoldedText text={turn.message.content} />
      </li>
    );
  }
  const { message } = turn;
  return (
    <li class={`turn role-${turn.role} message-${message.role}`} data-role={turn.role} data-kind={message.role}>
      <header>
        <strong>{turn.role}</strong> · {message.role}
        {turn.usage && (
          <span class="usage">
            {formatTokens(turn.usage.inputTokens)} in · {formatTokens(turn.usage.outputTokens)} out
          </span>
        )}
      </header>
      {message.role === 'assistant' && message.reasoning && (
        <details class="reasoning">
          <summary>reasoning</summary>
          <pre>{message.reasoning}</pre>
        </details>
      )}
      {message.content.trim() && <FoldedText text={message.content} class="content" />}
      {turn.toolCalls.map((call) => (
        <ToolCall key={call.id} call={call} />
      ))}
    </li>
  );
}

function ToolCall({ call }: { call: ToolCallView }) {
  if (call.name === 'submit_verdict' && call.arguments) {
    const { status, summary, next_prompt: nextPrompt } = call.arguments;
    return (
      <div class="verdict" data-testid="verdict">
        <header>
          verdict <StatusBadge status={String(status)} />
        </header>
        <p>{String(summary ?? '')}</p>
        {typeof nextPrompt === 'string' && nextPrompt && (
          <p class="next-prompt">
            <strong>next prompt:</strong> {nextPrompt}
          </p>
        )}
      </div>
    );
  }
  return (
    <div class={`tool-call${call.result?.isError ? ' tool-error' : ''}`} data-tool={call.name}>
      <header>
        <code>{call.name}</code>
        {call.result?.isError && <span class="status status-error">error</span>}
        {!call.result && <span class="pending">no result</span>}
      </header>
      <FoldedText text={call.argumentsText} class="arguments" />
      {call.result && <FoldedText text={call.result.content} class="result" />}
    </div>
  );
}
