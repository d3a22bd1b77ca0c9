/* eslint-disable @typescript-eslint/require-await -- Fastify handlers are async: the value returned is the answer, a throw becomes the error answer */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { StudySpecSchema, type ProgressEvent } from '../protocol/index.js';
import { userOf, type ServiceContext, type ZodApp } from './context.js';
import { HttpError } from './http-errors.js';
import {
  AnalysisQuerySchema,
  ErrorBodySchema,
  PlotParamsSchema,
  StudyCreatedSchema,
  StudyDetailSchema,
  StudyIdParamsSchema,
  StudyListQuerySchema,
  StudyListSchema,
} from './schemas.js';
import type { StudyRecord } from './store.js';
import { plotSpec, resultsCsv, studyAnalysis, studyDetail, studySummary, taskViews } from './study-view.js';
import { resolveSubmission } from './submission.js';

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 404: ErrorBodySchema } as const;

/** Seconds between SSE keep-alive comments (proxies close idle streams). */
const SSE_KEEPALIVE_MS = 15_000;

/** A study of the caller, or 404 (also for another user's study: ids do not leak). */
type OwnStudy = (id: string, userId: number) => StudyRecord;

/**
 * The study routes under `/api/v1` (a table of method, URL, schemas and handler), by role: the
 * study's life cycle, its results, and its live event stream.
 */
export function studyRoutes(app: ZodApp, ctx: ServiceContext): void {
  const own: OwnStudy = (id, userId) => {
    const s = ctx.store.study(id, userId);
    if (s === undefined) throw new HttpError(404, 'NOT_FOUND', `no study ${id}`, { path: 'id' });
    return s;
  };
  lifecycleRoutes(app, ctx, own);
  resultRoutes(app, ctx, own);
  eventRoutes(app, ctx, own);
}

/** Submit, list, show, cancel and delete studies. */
function lifecycleRoutes(app: ZodApp, ctx: ServiceContext, own: OwnStudy): void {
  const { store, executor, limits } = ctx;
  app.post(
    '/studies',
    {
      schema: {
        summary: 'Submit a study (the study JSON of qec collect, with maxShots and optional maxErrors)',
        body: StudySpecSchema,
        response: {
          201: StudyCreatedSchema,
          413: ErrorBodySchema,
          422: ErrorBodySchema,
          429: ErrorBodySchema,
          ...errors,
        },
      },
    },
    async (req, reply) => {
      const user = userOf(req);
      const { tasks, maxShots, maxErrors } = resolveSubmission(req.body, limits);
      if (store.countActive(user.id) >= limits.activeStudiesPerUser)
        throw new HttpError(
          429,
          'TOO_MANY_STUDIES',
          `you have ${limits.activeStudiesPerUser} studies queued or running (the limit); wait for one to finish or cancel one`,
        );
      const id = store.createStudy(user.id, req.body, { maxShots, maxErrors }, tasks);
      executor.start(id, tasks);
      return reply.code(201).header('location', `/api/v1/studies/${id}`).send({ id });
    },
  );

  app.get(
    '/studies',
    {
      schema: {
        summary: "The caller's studies, newest first",
        querystring: StudyListQuerySchema,
        response: { 200: StudyListSchema, 422: ErrorBodySchema, ...errors },
      },
    },
    async (req) => {
      const user = userOf(req);
      const limit = Math.min(req.query.limit ?? limits.pageSize, limits.pageSize);
      const page = store.listStudies(user.id, limit, req.query.cursor);
      return {
        studies: page.studies.map((s) => studySummary(s, store.tasks(s.id).length)),
        ...(page.next === undefined ? {} : { next: page.next }),
      };
    },
  );

  app.get(
    '/studies/:id',
    {
      schema: {
        summary: 'A study: status and per-task shots, errors, rate and interval',
        params: StudyIdParamsSchema,
        response: { 200: StudyDetailSchema, ...errors },
      },
    },
    async (req) => studyDetail(store, executor, own(req.params.id, userOf(req).id)),
  );

  app.post(
    '/studies/:id/cancel',
    {
      schema: {
        summary: 'Cancel a queued or running study (committed batches are kept)',
        params: StudyIdParamsSchema,
        response: { 200: StudyDetailSchema, ...errors },
      },
    },
    async (req) => {
      const s = own(req.params.id, userOf(req).id);
      executor.cancel(s.id);
      return studyDetail(store, executor, own(s.id, s.userId));
    },
  );

  app.delete(
    '/studies/:id',
    {
      schema: {
        summary: 'Delete a study and its results',
        params: StudyIdParamsSchema,
        response: { 204: z.null(), ...errors },
      },
    },
    async (req, reply) => {
      executor.delete(own(req.params.id, userOf(req).id).id);
      return reply.code(204).send(null);
    },
  );
}

/** A study's results: the CSV, the analysis and its plots. */
function resultRoutes(app: ZodApp, ctx: ServiceContext, own: OwnStudy): void {
  const { store } = ctx;
  app.get(
    '/studies/:id/results.csv',
    {
      schema: {
        summary: 'Results as the sinter-compatible CSV that qec collect writes (one row per batch)',
        params: StudyIdParamsSchema,
        response: { 200: z.string().describe('text/csv'), ...errors },
      },
    },
    async (req, reply) => {
      const s = own(req.params.id, userOf(req).id);
      return reply.type('text/csv; charset=utf-8').send(resultsCsv(store, s.id));
    },
  );

  app.get(
    '/studies/:id/analysis',
    {
      schema: {
        summary: 'Thresholds, Λ, suppression fits and footprint (as qec threshold and qec footprint)',
        params: StudyIdParamsSchema,
        querystring: AnalysisQuerySchema,
        response: { 200: z.unknown(), 422: ErrorBodySchema, ...errors },
      },
    },
    async (req) =>
      studyAnalysis(
        store,
        own(req.params.id, userOf(req).id).id,
        req.query.p ?? 1e-3,
        req.query.target ?? 1e-12,
      ),
  );

  app.get(
    '/studies/:id/plots/:name',
    {
      schema: {
        summary: 'A plot as SVG: rates-N.svg, lambda-N.svg (curve group N of the analysis) or footprint.svg',
        params: PlotParamsSchema,
        response: { 200: z.string().describe('image/svg+xml'), 422: ErrorBodySchema, ...errors },
      },
    },
    async (req, reply) => {
      const s = own(req.params.id, userOf(req).id);
      const spec = plotSpec(store, s.id, req.params.name);
      if (spec === undefined)
        throw new HttpError(404, 'NOT_FOUND', `study ${s.id} has no plot ${req.params.name} (yet)`, {
          path: 'name',
        });
      const { renderSvg } = await import('../node/render.js');
      return reply.type('image/svg+xml').send(await renderSvg(spec));
    },
  );
}

/** The live progress of a study as Server-Sent Events. */
function eventRoutes(app: ZodApp, ctx: ServiceContext, own: OwnStudy): void {
  app.get(
    '/studies/:id/events',
    {
      schema: {
        summary: 'Server-Sent Events: `progress` as batches land (a ProgressEvent), then the final `status`',
        params: StudyIdParamsSchema,
        response: { 200: z.string().describe('text/event-stream'), ...errors },
      },
    },
    async (req, reply) => streamEvents(ctx, own(req.params.id, userOf(req).id), reply),
  );
}

/**
 * Streams a study's events on a hijacked reply: `status` and `progress` at once, a `progress`
 * (ProgressEvent) as batches land, keep-alive comments, and the final `status`; ends with the study.
 */
function streamEvents(ctx: ServiceContext, s: StudyRecord, reply: FastifyReply): void {
  const { store, executor } = ctx;
  const started = performance.now();
  const raw = reply.raw;
  reply.hijack();
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
  });
  const send = (event: string, data: unknown): void => {
    raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  const progress = (): void => {
    const now = store.study(s.id);
    if (now === undefined) return;
    const ev: ProgressEvent = {
      tasks: taskViews(store, executor, now).map((t) => ({
        strongId: t.strongId,
        decoder: t.decoder,
        metadata: t.metadata,
        shots: t.shots,
        errors: t.errors,
        discards: t.discards,
        seconds: t.seconds,
        inFlightShots: t.inFlightShots,
        done: t.done,
        ...(t.error === undefined ? {} : { error: t.error }),
      })),
      elapsedSeconds: (performance.now() - started) / 1000,
    };
    send('progress', ev);
  };
  let ended = false;
  let pending = false;
  const end = (status: string, error: string | null): void => {
    if (ended) return;
    ended = true;
    progress();
    send('status', { status, ...(error === null ? {} : { error }) });
    raw.end();
  };
  const unsubscribe = executor.subscribe(s.id, (e) => {
    if (e.type === 'status') {
      if (e.status !== 'running') end(e.status, e.error ?? null);
      return;
    }
    if (pending) return;
    pending = true;
    setImmediate(() => {
      pending = false;
      if (!ended) progress();
    });
  });
  const keepAlive = setInterval(() => raw.write(': keep-alive\n\n'), SSE_KEEPALIVE_MS);
  raw.on('close', () => {
    ended = true;
    unsubscribe();
    clearInterval(keepAlive);
  });
  const current = store.study(s.id);
  if (current === undefined || !['queued', 'running'].includes(current.status))
    end(current?.status ?? 'cancelled', current?.error ?? null);
  else {
    send('status', { status: current.status });
    progress();
  }
}
