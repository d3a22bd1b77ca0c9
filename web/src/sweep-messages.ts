/** Messages between the sweep view and its Web Workers (structured-clone data). */
import type { GeneratorRequest } from './lab-model.js';

/** Run `shots` shots of a generated task, seeded `seed`, decoded by `decoder`. */
export interface BatchRequest {
  readonly id: number;
  readonly generator: GeneratorRequest;
  readonly decoder: string;
  readonly shots: number;
  readonly seed: number;
}

/** A finished batch, or the error that stopped it (one line). */
export type BatchReply =
  | {
      readonly id: number;
      readonly ok: true;
      readonly shots: number;
      readonly errors: number;
      readonly seconds: number;
    }
  | { readonly id: number; readonly ok: false; readonly error: string };
