/**
 * The messages that cross a boundary (worker thread, queue, HTTP, browser worker) as zod schemas:
 * each schema validates, gives the TypeScript type (`z.infer`) and exports a JSON Schema
 * ({@link protocolJsonSchemas}). Objects are strict: an unknown key is an error naming its path.
 */
import { z } from 'zod';
import {
  checkDecoderOptions,
  checkGenerator,
  CodeNameSchema,
  CodeTaskSchema,
  DecoderNameSchema,
  DecodeBasisSchema,
  DecoderOptionsSchema,
  JsonObjectSchema,
  NoiseNameSchema,
} from './tables.js';

/** A task's strong id: 64 lowercase hex digits (SHA-256 of its canonical JSON). */
export const StrongIdSchema = z.string().regex(/^[0-9a-f]{64}$/, 'expected a strong id (64 hex digits)');

/** A count of shots, errors or discards: a non-negative safe integer. */
const Count = z.int().min(0);

/** A generated experiment: code family, task, distance, rounds and an optional noise model. */
export const GeneratorSpecSchema = z
  .strictObject({
    code: CodeNameSchema.describe('code family (`qec gen --list`)'),
    task: CodeTaskSchema.describe('experiment kind'),
    distance: z.int().min(1).describe('code distance (the family says which are allowed)'),
    rounds: z.int().min(1).describe('rounds of syndrome extraction'),
    noise: NoiseNameSchema.optional().describe('noise model (default none)'),
    noiseParams: z
      .record(z.string(), z.number())
      .optional()
      .describe('noise parameters by name (e.g. {"p": 0.001}); see docs/codes-and-noise.md'),
  })
  .superRefine((g, ctx) => checkGenerator({ ...g, params: g.noiseParams }, ctx, [], 'noiseParams'));

/**
 * One collection task: a circuit (Stim text, or a generator request) decoded by one decoder
 * with its options. The unit of work of `collect`, the service and the queue; its strong id is
 * computed from it (experiment/task.ts).
 */
export const TaskSpecSchema = z
  .strictObject({
    circuit: z.string().optional().describe('the circuit as Stim text (or give `generator`)'),
    generator: GeneratorSpecSchema.optional().describe('a generated circuit (or give `circuit`)'),
    decoder: DecoderNameSchema.describe('decoder name'),
    decoderOptions: DecoderOptionsSchema.optional().describe(
      "options of the decoder (see 'Decoder options' below)",
    ),
    metadata: JsonObjectSchema.optional().describe(
      "free-form facts carried into the results (sinter's json_metadata); derived for generated circuits",
    ),
    /** Detectors whose firing discards a shot (sinter's postselection_mask), by absolute index. */
    postselectDetectors: z
      .array(z.int().min(0))
      .optional()
      .describe("detectors (absolute indices) whose firing discards a shot (sinter's postselection_mask)"),
    /** Decode from one basis' detectors only (experiment/task.ts `decodeBasis`). */
    decodeBasis: DecodeBasisSchema.optional(),
  })
  .superRefine((t, ctx) => {
    if ((t.circuit === undefined) === (t.generator === undefined))
      ctx.addIssue({
        code: 'custom',
        message: "give exactly one of 'circuit' (Stim text) or 'generator'",
        path: [],
        input: t,
      });
    checkDecoderOptions(t.decoder, t.decoderOptions, ctx, ['decoderOptions']);
  })
  .describe(
    'One collection task: exactly one of `circuit` or `generator`, decoded by `decoder`; its strong id is the SHA-256 of its canonical JSON (circuit text, decoder, options, metadata).',
  );
export type TaskSpecMessage = z.infer<typeof TaskSpecSchema>;

/**
 * A task handed to a worker once, under its strong id; batches then refer to it by id only
 * (workers cache the compiled task).
 */
export const TaskAssignmentSchema = z.strictObject({ strongId: StrongIdSchema, task: TaskSpecSchema });
export type TaskAssignment = z.infer<typeof TaskAssignmentSchema>;

/** One batch of work: `shots` shots of task `strongId`, seeded with `seed` (see experiment/schedule.ts). */
export const BatchRequestSchema = z.strictObject({
  strongId: StrongIdSchema,
  /** Batch index within the task (seeds and result rows are keyed by it). */
  batch: z.int().min(0).max(0xffffffff),
  shots: z.int().min(1),
  /** PRNG seed, an integer in [0, 2^53). */
  seed: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
});
export type BatchRequest = z.infer<typeof BatchRequestSchema>;

/** The additive counts of one finished batch (sinter's AnyTaskStats for one batch). */
export const BatchResultSchema = z.strictObject({
  strongId: StrongIdSchema,
  batch: z.int().min(0).max(0xffffffff),
  shots: Count,
  errors: Count,
  discards: Count,
  /** Core-seconds spent sampling and decoding the batch. */
  seconds: z.number().min(0),
});
export type BatchResult = z.infer<typeof BatchResultSchema>;

/** The state of one task in a progress event. */
export const TaskProgressSchema = z.strictObject({
  strongId: StrongIdSchema,
  decoder: z.string(),
  metadata: JsonObjectSchema,
  shots: Count,
  errors: Count,
  discards: Count,
  seconds: z.number().min(0),
  /** Shots sent to workers and not yet counted. */
  inFlightShots: Count,
  done: z.boolean(),
  /** Set when the task failed (a batch threw): it gets no more batches; the other tasks go on. */
  error: z.strictObject({ code: z.string().min(1), message: z.string() }).optional(),
});
export type TaskProgressMessage = z.infer<typeof TaskProgressSchema>;

/** Progress of a collection: every task's totals so far (previous runs included). */
export const ProgressEventSchema = z.strictObject({
  tasks: z.array(TaskProgressSchema),
  /** Wall-clock seconds since the run started. */
  elapsedSeconds: z.number().min(0),
});
export type ProgressEvent = z.infer<typeof ProgressEventSchema>;

/**
 * An error crossing a boundary, with the code of its class (`VALIDATION`, `LIMIT`, `PARSE`,
 * `UNSUPPORTED`, `CANCELLED`, `INTERNAL`, ...) so the receiver rebuilds the same class and the
 * exit code / HTTP status survive (see errors.ts).
 */
export const ProtocolErrorSchema = z.strictObject({
  code: z.string().min(1),
  name: z.string(),
  message: z.string(),
  details: JsonObjectSchema.optional(),
});
export type ProtocolError = z.infer<typeof ProtocolErrorSchema>;
