/**
 * Messages between the lab's page and its sweep Web Workers, as zod schemas that both ends
 * validate on receipt ({@link decodeSweepRequest} in the worker, {@link decodeSweepReply} in the
 * page): a malformed message becomes one line naming its JSON path, shown in the page, instead
 * of a stalled sweep or a wrong count. Objects are strict (an unknown key is an error).
 */
import { z } from 'zod';
import { decodeMessage, DecoderNameSchema, GeneratorSpecSchema } from '../../src/protocol/index.js';

/** Request id, echoed in the reply. */
const Id = z.int().min(0);
/** A seed of the library's `Rng`: an integer in [0, 2^53). */
const Seed = z.int().min(0);
const Count = z.int().min(0);

/** Most shots one request may ask for (one batch of the sweep, or the kernel check). */
export const MAX_REQUEST_SHOTS = 1 << 20;

/** Run `shots` shots of a generated task, seeded `seed`, decoded by `decoder`, and count logical errors. */
export const BatchRequestSchema = z.strictObject({
  kind: z.literal('batch'),
  id: Id,
  generator: GeneratorSpecSchema,
  decoder: DecoderNameSchema,
  shots: z.int().min(1).max(MAX_REQUEST_SHOTS),
  seed: Seed,
});

/**
 * Sample `shots` shots of a generated circuit twice from `seed`, with the WebAssembly kernels on
 * and with the TypeScript path, and report a digest of each (the two must agree bit for bit).
 */
export const KernelCheckRequestSchema = z.strictObject({
  kind: z.literal('kernel-check'),
  id: Id,
  generator: GeneratorSpecSchema,
  shots: z.int().min(1).max(MAX_REQUEST_SHOTS),
  seed: Seed,
});

/** What the page sends a sweep worker. */
export const SweepRequestSchema = z.discriminatedUnion('kind', [
  BatchRequestSchema,
  KernelCheckRequestSchema,
]);
export type BatchRequest = z.infer<typeof BatchRequestSchema>;
export type KernelCheckRequest = z.infer<typeof KernelCheckRequestSchema>;
export type SweepRequest = z.infer<typeof SweepRequestSchema>;

/** A finished batch: counts, time, and whether the frame sampler ran the WebAssembly kernels. */
export const BatchReplySchema = z
  .strictObject({
    kind: z.literal('batch'),
    id: Id,
    shots: Count,
    errors: Count,
    seconds: z.number().min(0),
    wasm: z.boolean(),
  })
  .refine((r) => r.errors <= r.shots, { message: 'errors exceed shots', path: ['errors'] });

/** One sampling pass of the kernel check (see `kernel-check.ts`). */
export const SampleDigestSchema = z.strictObject({
  /** Whether the sampler ran the WebAssembly SIMD kernels. */
  kernels: z.boolean(),
  /** SHA-256 (hex) of the detection-event and observable-flip tables' words. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 hex digits'),
  /** Number of detection events (set bits) over all shots. */
  detectionEvents: Count,
});
export type SampleDigest = z.infer<typeof SampleDigestSchema>;

/** The kernel check's two digests. */
export const KernelCheckReplySchema = z.strictObject({
  kind: z.literal('kernel-check'),
  id: Id,
  wasm: SampleDigestSchema,
  typescript: SampleDigestSchema,
});

/** A request the worker could not run (bad message, or an error while running): one line. */
export const ErrorReplySchema = z.strictObject({
  kind: z.literal('error'),
  id: Id.nullable(),
  error: z.string().min(1),
});

/** What a sweep worker answers. */
export const SweepReplySchema = z.discriminatedUnion('kind', [
  BatchReplySchema,
  KernelCheckReplySchema,
  ErrorReplySchema,
]);
export type BatchReply = z.infer<typeof BatchReplySchema>;
export type KernelCheckReply = z.infer<typeof KernelCheckReplySchema>;
export type SweepReply = z.infer<typeof SweepReplySchema>;

/**
 * Validates a message received by a sweep worker.
 * @throws ValidationError `sweep worker request: <json path>: <problem>`.
 */
export function decodeSweepRequest(data: unknown): SweepRequest {
  return decodeMessage(SweepRequestSchema, data, 'sweep worker request');
}

/**
 * Validates a message received from a sweep worker.
 * @throws ValidationError `sweep worker reply: <json path>: <problem>`.
 */
export function decodeSweepReply(data: unknown): SweepReply {
  return decodeMessage(SweepReplySchema, data, 'sweep worker reply');
}
