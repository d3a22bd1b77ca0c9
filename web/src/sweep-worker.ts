/**
 * Web Worker of the sweep view: validates each request and runs it (`sweep-engine.ts`), replying
 * with the shot and logical-error counts of a seeded batch or the kernel check's digests.
 */
import { SweepEngine } from './sweep-engine.js';
import type { SweepReply } from './sweep-messages.js';

const engine = new SweepEngine(() => performance.now());

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<unknown>) => void) | null;
  postMessage(m: SweepReply): void;
};

scope.onmessage = (e) => scope.postMessage(engine.handle(e.data));
