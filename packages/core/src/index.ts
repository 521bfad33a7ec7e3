export * from './model/api-call-error.js';
export * from './model/message.js';
export * from './model/pricing.js';
export * from './model/usage.js';
export * from './plugin/language-model.js';
