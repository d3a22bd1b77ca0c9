/**
 * The protocol layer: schemas and types of every message that crosses a boundary (worker thread,
 * queue, HTTP, browser worker), with their JSON Schemas. See README.md.
 */
export {
  StrongIdSchema,
  GeneratorSpecSchema,
  TaskSpecSchema,
  TaskAssignmentSchema,
  BatchRequestSchema,
  BatchResultSchema,
  TaskProgressSchema,
  ProgressEventSchema,
  ProtocolErrorSchema,
  type TaskSpecMessage,
  type TaskAssignment,
  type BatchRequest,
  type BatchResult,
  type TaskProgressMessage,
  type ProgressEvent,
  type ProtocolError,
} from './messages.js';
export {
  StudySpecSchema,
  StudyTaskSchema,
  StudySweepSchema,
  expandStudy,
  resolveStudy,
  resolveWithPath,
  studyCircuitPaths,
  type StudySpec,
  type StudyTask,
  type StudySweep,
  type StudyEntry,
} from './study.js';
export {
  DecoderNameSchema,
  CodeNameSchema,
  NoiseNameSchema,
  CodeTaskSchema,
  DecoderOptionsSchema,
  JsonObjectSchema,
} from './tables.js';
export { toProtocolError, fromProtocolError, prefixError } from './errors.js';
export { decodeMessage, jsonPath, issueLine } from './validate.js';
export { PROTOCOL_MESSAGES, protocolJsonSchemas, type ProtocolMessageName } from './json-schema.js';
