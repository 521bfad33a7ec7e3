import type { ModelResponse } from '../plugin/language-model.js';
import type { CassetteKey } from './cassette-key.js';

/** One recorded model call: a line of a cassette file (JSON Lines, `cassetteVersion` 1). */
export interface CassetteEntry {
  cassetteVersion: 1;
  key: CassetteKey;
  /** The model that answered, for people reading the file. */
  model: string;
  /** The start of the conversation's first message, for people reading the file and for errors. */
  firstMessage: string;
  response: ModelResponse;
}
