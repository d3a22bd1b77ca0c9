import type { FastifyBaseLogger, FastifyInstance, FastifyRequest, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Executor } from './executor.js';
import { HttpError } from './http-errors.js';
import type { ServiceLimits } from './limits.js';
import type { WorkerInfo } from './queue/queue-common.js';
import type { ServiceStore, User } from './store.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated account (set by the auth hook on every route that needs it). */
    user?: User;
  }
  interface FastifyContextConfig {
    /** False for the routes anyone may call (health, API description). */
    auth?: boolean;
  }
}

/** What the routes work with. */
export interface ServiceContext {
  readonly store: ServiceStore;
  readonly executor: Executor;
  readonly limits: ServiceLimits;
  /** With a queue backend: the workers connected to it. */
  readonly workers?: () => Promise<WorkerInfo[]>;
}

/** A Fastify instance typed by zod schemas. */
export type ZodApp = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** The authenticated user of a request that passed the auth hook. */
export function userOf(req: FastifyRequest): User {
  if (req.user === undefined) throw new HttpError(401, 'UNAUTHORIZED', 'missing bearer token');
  return req.user;
}
