/**
 * The HTTP-only shapes of the service (answers and query strings), as zod schemas: they validate,
 * type the handlers and appear in the OpenAPI document. Requests reuse the protocol's schemas
 * (`StudySpecSchema`, `GeneratorSpecSchema`); nothing here restates them.
 */
import { z } from 'zod';
import { JsonObjectSchema, StrongIdSchema } from '../protocol/index.js';

/** `{"error": {"code", "message", "path"?}}`, the body of every 4xx/5xx answer. */
export const ErrorBodySchema = z
  .object({
    error: z.object({
      code: z.string().describe('stable machine-readable code, e.g. VALIDATION, LIMIT, UNAUTHORIZED'),
      message: z.string().describe('one line saying what was wrong'),
      path: z.string().optional().describe('JSON path of the offending field, when there is one'),
    }),
  })
  .meta({ id: 'ErrorBody' });

export const StudyStatusSchema = z
  .enum(['queued', 'running', 'done', 'done-with-failures', 'failed', 'cancelled'])
  .describe(
    'done: every task met its stop rule; done-with-failures: every task ended and some failed (see their error); failed: the study, or every task, failed',
  );

export const StudyIdParamsSchema = z.strictObject({ id: z.string().min(1).max(64) });

export const StudyCreatedSchema = z.object({ id: z.string() }).meta({ id: 'StudyCreated' });

/** One task of a study with its counts so far (sinter's columns plus rate and interval). */
export const StudyTaskViewSchema = z
  .object({
    strongId: StrongIdSchema,
    decoder: z.string(),
    metadata: JsonObjectSchema,
    shots: z.int(),
    errors: z.int(),
    discards: z.int(),
    seconds: z.number().describe('core-seconds spent sampling and decoding'),
    batches: z.int().describe('committed batches'),
    inFlightShots: z.int(),
    rate: z.number().describe('logical errors per shot'),
    interval: z
      .object({ low: z.number(), high: z.number() })
      .describe("likelihood-ratio interval (factor 1000), as sinter's"),
    done: z.boolean(),
    status: z
      .enum(['running', 'done', 'failed', 'stopped'])
      .describe('done: met its stop rule; failed: a batch threw (see error); stopped: the study ended first'),
    error: z
      .object({ code: z.string(), message: z.string() })
      .optional()
      .describe("a failed task's error: its code (VALIDATION, LIMIT, WORKER_LOST, ...) and message"),
  })
  .meta({ id: 'StudyTask' });

export const StudySummarySchema = z
  .object({
    id: z.string(),
    status: StudyStatusSchema,
    error: z.string().optional(),
    maxShots: z.int(),
    maxErrors: z.int(),
    numTasks: z.int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'StudySummary' });

/** The share of a study one worker did. */
export const WorkerShareSchema = z
  .object({
    worker: z
      .string()
      .describe("the qec worker's id (host:pid:random), or 'embedded' for the service's own pool"),
    batches: z.int().describe('committed batches it ran'),
    shots: z.int(),
    seconds: z.number().describe('core-seconds it spent on them'),
  })
  .meta({ id: 'WorkerShare' });

export const StudyDetailSchema = StudySummarySchema.extend({
  spec: z.unknown().describe('the study as submitted'),
  tasks: z.array(StudyTaskViewSchema),
  workers: z
    .array(WorkerShareSchema)
    .describe('which share of the committed batches each worker did, largest first'),
}).meta({ id: 'StudyDetail' });

export const StudyListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  cursor: z.coerce.number().int().min(0).optional().describe('the `next` of the previous page'),
});

export const StudyListSchema = z
  .object({ studies: z.array(StudySummarySchema), next: z.int().optional() })
  .meta({ id: 'StudyList' });

export const AnalysisQuerySchema = z.strictObject({
  p: z.coerce.number().gt(0).lt(1).optional().describe('physical error rate of the footprint (default 1e-3)'),
  target: z.coerce
    .number()
    .gt(0)
    .lt(1)
    .optional()
    .describe('target logical error rate per round (default 1e-12)'),
});

export const PlotParamsSchema = z.strictObject({
  id: z.string().min(1).max(64),
  name: z
    .string()
    .regex(
      /^(rates|lambda)-\d+\.svg$|^footprint\.svg$/,
      'expected rates-N.svg, lambda-N.svg or footprint.svg',
    ),
});

export const AnalyzeErrorsBodySchema = z
  .strictObject({
    circuit: z.string().min(1).describe('Stim circuit text'),
    decomposeErrors: z.boolean().optional(),
    approximateDisjointErrors: z.boolean().optional(),
    allowGaugeDetectors: z.boolean().optional(),
  })
  .meta({ id: 'AnalyzeErrorsRequest' });

export const DemAnswerSchema = z
  .object({
    dem: z.string().describe('detector error model text (.dem)'),
    numDetectors: z.int(),
    numObservables: z.int(),
  })
  .meta({ id: 'DetectorErrorModel' });

export const GeneratedCircuitSchema = z
  .object({
    circuit: z.string().describe('Stim circuit text'),
    numQubits: z.int(),
    numDetectors: z.int(),
    numObservables: z.int(),
  })
  .meta({ id: 'GeneratedCircuit' });
