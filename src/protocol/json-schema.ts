import { z } from 'zod';
import {
  BatchRequestSchema,
  BatchResultSchema,
  ProgressEventSchema,
  ProtocolErrorSchema,
  TaskAssignmentSchema,
  TaskSpecSchema,
} from './messages.js';
import { StudySpecSchema } from './study.js';

/** Every message of the protocol by name: the schema that validates it. */
export const PROTOCOL_MESSAGES = {
  TaskSpec: TaskSpecSchema,
  TaskAssignment: TaskAssignmentSchema,
  StudySpec: StudySpecSchema,
  BatchRequest: BatchRequestSchema,
  BatchResult: BatchResultSchema,
  ProgressEvent: ProgressEventSchema,
  ProtocolError: ProtocolErrorSchema,
} as const;

/** The name of a protocol message. */
export type ProtocolMessageName = keyof typeof PROTOCOL_MESSAGES;

/**
 * The JSON Schema (draft 2020-12) of every protocol message, by name, for the OpenAPI document,
 * other-language clients and editors. Refinements that consult the tables (decoder options,
 * distances, noise parameter ranges) are checked by the zod schemas only; names from the tables
 * (decoders, codes, noise models) appear as enums.
 */
export function protocolJsonSchemas(): Record<ProtocolMessageName, Record<string, unknown>> {
  const out = {} as Record<ProtocolMessageName, Record<string, unknown>>;
  for (const [name, schema] of Object.entries(PROTOCOL_MESSAGES))
    out[name as ProtocolMessageName] = z.toJSONSchema(schema, { io: 'input' });
  return out;
}
