import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { LanguageModel } from '../plugin/language-model.js';
import { noSecrets, type SecretMasker } from '../secrets/secret-masker.js';
import type { CassetteEntry } from './cassette-entry.js';
import { cassetteKey } from './cassette-key.js';

/**
 * Wraps a model so that every answered call is appended to a cassette file, which the `replay`
 * provider can play back with no network. Appends are synchronous: a crash keeps what was recorded.
 * The run's keys are masked in what is written, since cassettes are meant to be shared.
 */
export function recordingModel(
  model: LanguageModel,
  cassetteFile: string,
  masker: SecretMasker = noSecrets,
): LanguageModel {
  mkdirSync(dirname(cassetteFile), { recursive: true });
  return {
    specificationVersion: model.specificationVersion,
    provider: model.provider,
    modelId: model.modelId,
    async generate(request) {
      const response = await model.generate(request);
      const entry: CassetteEntry = {
        cassetteVersion: 1,
        key: cassetteKey(request),
        model: model.modelId,
        firstMessage: (request.messages.find((message) => message.role === 'user')?.content ?? '').slice(0, 120),
        response,
      };
      appendFileSync(cassetteFile, masker.mask(`${JSON.stringify(entry)}\n`));
      return response;
    },
  };
}
