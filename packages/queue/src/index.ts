export { connectQueueBackend } from './queue-backend.js';
export { parseQueueUrl } from './queue-url.js';
export { type QueueWorker, type QueueWorkerOptions, startQueueWorker } from './queue-worker.js';
