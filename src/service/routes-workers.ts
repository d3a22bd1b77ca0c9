import { z } from 'zod';
import type { ServiceContext, ZodApp } from './context.js';
import { WorkerInfoSchema } from './queue/queue-common.js';
import { ErrorBodySchema } from './schemas.js';

/** The answer of `GET /workers`. */
export const WorkersAnswerSchema = z.strictObject({
  /** Where batches run: `queue` (qec worker processes on Redis) or `embedded` (this process's threads). */
  backend: z.enum(['queue', 'embedded']),
  /** The queue workers seen in the last 15 s (empty for the embedded pool). */
  workers: z.array(WorkerInfoSchema),
});

/** `GET /workers`: the workers taking batches from this service's queue. */
export function workerRoutes(app: ZodApp, ctx: ServiceContext): void {
  app.get(
    '/workers',
    {
      schema: {
        summary:
          'List the qec worker processes connected to the queue (host, concurrency, batches done, last seen)',
        response: { 200: WorkersAnswerSchema, 401: ErrorBodySchema },
      },
    },
    async () =>
      ctx.workers === undefined
        ? { backend: 'embedded' as const, workers: [] }
        : { backend: 'queue' as const, workers: await ctx.workers() },
  );
}
