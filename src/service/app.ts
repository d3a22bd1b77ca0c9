/* eslint-disable @typescript-eslint/require-await -- Fastify handlers are async: the value returned is the answer, a throw becomes the error answer */
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import fastifySwagger from '@fastify/swagger';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { QecError, ValidationError } from '../base/errors.js';
import { decodeMessage } from '../protocol/index.js';
import type { ServiceContext } from './context.js';
import { HttpError, toHttpError } from './http-errors.js';
import { circuitRoutes } from './routes-circuits.js';
import { dashboardRoutes } from './dashboard.js';
import { studyRoutes } from './routes-studies.js';
import { workerRoutes } from './routes-workers.js';

/**
 * Validation by the protocol's `decodeMessage`: the first problem becomes one line naming the
 * JSON path (`tasks[0].nosie: unknown key`), with the path in the error's details.
 */
function validatorCompiler({ schema }: { schema: z.ZodType }) {
  return (data: unknown): { value: unknown } | { error: Error } => {
    try {
      return { value: decodeMessage(schema, data) };
    } catch (e) {
      // The message starts with the JSON path of the problem (`tasks[0].nosie: unknown key`).
      const m = e instanceof QecError ? /^([^\s:]+): /.exec(e.message) : null;
      return {
        error:
          m === null
            ? (e as Error)
            : new ValidationError(e instanceof Error ? e.message : '', { path: m[1] }),
      };
    }
  };
}

/** Answers with the JSON error body of {@link toHttpError}. */
function sendError(app: FastifyInstance, e: unknown, reply: FastifyReply): FastifyReply {
  const { status, body, internal } = toHttpError(e);
  if (internal) app.log.error(e);
  if (status === 401) void reply.header('www-authenticate', 'Bearer');
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

/**
 * Builds the service's Fastify app: schema-driven routes (zod schemas from `src/protocol/` and
 * `schemas.ts` validate requests, serialize answers and generate the OpenAPI 3.1 document at
 * `GET /api/v1/openapi.json`), bearer-token auth on every route except `/healthz` and the
 * document, JSON errors everywhere (`{"error": {"code", "message", "path"?}}`), and the limits
 * on body size and request time.
 */
export async function buildApp(
  ctx: ServiceContext,
  opts: { logger?: boolean; webDir?: string } = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: ctx.limits.bodyBytes,
    requestTimeout: ctx.limits.requestTimeoutMs,
    return503OnClosing: true,
    forceCloseConnections: true,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler((e, _req, reply) =>
    sendError(
      app,
      (e as { code?: string }).code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? new HttpError(
            413,
            'BODY_TOO_LARGE',
            `the request body is over this service's limit of ${ctx.limits.bodyBytes} bytes`,
          )
        : e,
      reply,
    ),
  );
  // JSON bodies parsed here so a syntax error says where it is.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '')
      return done(new HttpError(400, 'MALFORMED_JSON', 'the body is empty; send a JSON document'));
    try {
      done(null, JSON.parse(text));
    } catch (e) {
      done(new HttpError(400, 'MALFORMED_JSON', `malformed JSON: ${(e as Error).message}`));
    }
  });
  app.setNotFoundHandler((req, reply) =>
    sendError(app, new HttpError(404, 'NOT_FOUND', `no route ${req.method} ${req.url.split('?')[0]}`), reply),
  );

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'QEC Lab service',
        description:
          'Submit quantum error correction studies (the study JSON of `qec collect`), follow their progress, download sinter-compatible results and analyses.',
        version: '1',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });

  app.addHook('onRequest', async (req) => {
    if (req.routeOptions.config.auth === false || req.routeOptions.url === undefined) return;
    const h = req.headers.authorization;
    const m = h === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(h);
    if (m === null)
      throw new HttpError(401, 'UNAUTHORIZED', 'missing bearer token: send Authorization: Bearer TOKEN');
    const user = ctx.store.authenticate(m[1]);
    if (user === undefined) throw new HttpError(401, 'UNAUTHORIZED', 'unknown or revoked token');
    req.user = user;
  });

  const zapp = app.withTypeProvider<ZodTypeProvider>();
  zapp.get('/healthz', { config: { auth: false }, schema: { hide: true } }, async () => ({ status: 'ok' }));
  dashboardRoutes(zapp, opts.webDir);
  zapp.get('/api/v1/openapi.json', { config: { auth: false }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
  await app.register(async (api) => studyRoutes(api.withTypeProvider<ZodTypeProvider>(), ctx), {
    prefix: '/api/v1',
  });
  await app.register(async (api) => circuitRoutes(api.withTypeProvider<ZodTypeProvider>(), ctx), {
    prefix: '/api/v1',
  });
  await app.register(async (api) => workerRoutes(api.withTypeProvider<ZodTypeProvider>(), ctx), {
    prefix: '/api/v1',
  });
  return app;
}
