/* eslint-disable @typescript-eslint/require-await -- Fastify handlers are async: the value returned is the answer, a throw becomes the error answer */
import { parseCircuit } from '../circuit/parser.js';
import { printCircuit } from '../circuit/printer.js';
import { generateExperiment } from '../codes/code-families.js';
import { printDem } from '../dem/dem-printer.js';
import { analyzeErrors } from '../dem/error-analyzer.js';
import { GeneratorSpecSchema } from '../protocol/index.js';
import { QecError } from '../base/errors.js';
import { HttpError } from './http-errors.js';
import type { ServiceContext, ZodApp } from './context.js';
import {
  AnalyzeErrorsBodySchema,
  DemAnswerSchema,
  ErrorBodySchema,
  GeneratedCircuitSchema,
} from './schemas.js';
import { checkCircuitSize, estimatedQubits } from './submission.js';

const errors = { 401: ErrorBodySchema, 413: ErrorBodySchema, 422: ErrorBodySchema } as const;

/** Errors of the engine name the request field they came from (`circuit`, `distance`, ...). */
function at(path: string, f: () => void): void {
  try {
    f();
  } catch (e) {
    if (e instanceof QecError && !(e instanceof HttpError) && e.details.path === undefined) {
      const field = e.details.field;
      const p = typeof field === 'string' && path === '' ? field : path;
      throw new HttpError(e.code === 'LIMIT' ? 413 : 422, e.code, e.message, p === '' ? {} : { path: p });
    }
    throw e;
  }
}

/** The utility routes: generate a circuit (as `qec gen`) and extract a DEM (as `qec analyze-errors`). */
export function circuitRoutes(app: ZodApp, ctx: ServiceContext): void {
  const { limits } = ctx;
  app.post(
    '/circuits/generate',
    {
      schema: {
        summary: 'Generate a code circuit with noise (as qec gen)',
        body: GeneratorSpecSchema,
        response: { 200: GeneratedCircuitSchema, ...errors },
      },
    },
    async (req) => {
      const g = req.body;
      if (estimatedQubits(g.distance) > 2 * limits.circuitQubits)
        throw new HttpError(
          413,
          'LIMIT',
          `distance: distance ${g.distance} needs about ${estimatedQubits(g.distance)} qubits; this service allows at most ${limits.circuitQubits}`,
          { path: 'distance' },
        );
      let out = { circuit: '', numQubits: 0, numDetectors: 0, numObservables: 0 };
      at('', () => {
        const e = generateExperiment(g);
        checkCircuitSize(e.circuit, limits, 'circuit');
        out = {
          circuit: printCircuit(e.circuit) + '\n',
          numQubits: e.circuit.numQubits,
          numDetectors: e.circuit.numDetectors,
          numObservables: e.circuit.numObservables,
        };
      });
      return out;
    },
  );

  app.post(
    '/circuits/analyze-errors',
    {
      schema: {
        summary: 'Detector error model of a noisy Stim circuit (as qec analyze-errors)',
        body: AnalyzeErrorsBodySchema,
        response: { 200: DemAnswerSchema, ...errors },
      },
    },
    async (req) => {
      const b = req.body;
      let out = { dem: '', numDetectors: 0, numObservables: 0 };
      at('circuit', () => {
        const c = parseCircuit(b.circuit, 'circuit');
        checkCircuitSize(c, limits, 'circuit');
        const dem = analyzeErrors(c, {
          decomposeErrors: b.decomposeErrors ?? false,
          approximateDisjointErrors: b.approximateDisjointErrors ?? false,
          allowGaugeDetectors: b.allowGaugeDetectors ?? false,
        });
        out = { dem: printDem(dem), numDetectors: c.numDetectors, numObservables: c.numObservables };
      });
      return out;
    },
  );
}
