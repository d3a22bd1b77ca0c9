import type { CliCommand } from '../command.js';

/**
 * One row of the command table: the name and one-line summary `qec --help` lists, and a loader
 * that imports the command's module only when the command is run or its help is asked for, so a
 * command never pays for another's dependencies (plots load Vega and resvg; `gen` loads neither).
 * The summary must equal the loaded command's own `summary` (main.test.ts checks every row).
 */
export interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  load(): Promise<CliCommand>;
}

/** Every `qec` subcommand, in the order `qec --help` lists them. */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'study',
    summary:
      'Run the headline study (npm start): thresholds, Λ and the qubit cost of a logical qubit, with a report.',
    load: async () => (await import('./study.js')).studyCommand,
  },
  {
    name: 'demo',
    summary:
      'A short demonstration: Bell and GHZ states in the state-vector simulator, then 1000 qubits in the tableau simulator.',
    load: async () => (await import('./demo.js')).demoCommand,
  },
  {
    name: 'sample',
    summary:
      'Sample measurement results of a circuit (tableau simulator; state vector when it is not Clifford).',
    load: async () => (await import('./sample.js')).sampleCommand,
  },
  {
    name: 'run',
    summary: 'Run a circuit (OpenQASM or Stim) on the state vector and print a histogram of outcomes.',
    load: async () => (await import('./convert.js')).runCommand,
  },
  {
    name: 'convert',
    summary:
      'Convert circuits between Stim and OpenQASM (2.0/3 in, 3 out), or sample files between formats (01, b8, r8, hits, dets, ptb64).',
    load: async () => (await import('./convert.js')).convertCommand,
  },
  {
    name: 'detect',
    summary: 'Sample detection events and observable flips of a noisy circuit (Pauli-frame sampler).',
    load: async () => (await import('./detect.js')).detectCommand,
  },
  {
    name: 'm2d',
    summary: 'Convert measurement results into detection events and observable flips (Stim m2d).',
    load: async () => (await import('./m2d.js')).m2dCommand,
  },
  {
    name: 'analyze-errors',
    summary: 'Extract the detector error model of a noisy circuit (.dem).',
    load: async () => (await import('./analyze-errors.js')).analyzeErrorsCommand,
  },
  {
    name: 'explain-errors',
    summary:
      'Explain detector error model errors by the circuit locations that cause them (Stim explain_errors).',
    load: async () => (await import('./explain-errors.js')).explainErrorsCommand,
  },
  {
    name: 'shortest-error',
    summary:
      'The shortest logical error of a circuit as DEM mechanisms and the circuit locations causing them (Stim shortest_graphlike_error).',
    load: async () => (await import('./shortest-error.js')).shortestErrorCommand,
  },
  {
    name: 'diagram',
    summary:
      'Draw a circuit timeline, its detector slices or the matching graph of its error model as SVG (Stim diagram).',
    load: async () => (await import('./diagram.js')).diagramCommand,
  },
  {
    name: 'sample-dem',
    summary: 'Sample detection events and observable flips straight from a detector error model.',
    load: async () => (await import('./sample-dem.js')).sampleDemCommand,
  },
  {
    name: 'decode',
    summary:
      'Decode detection events with a DEM: predicted observable flips, and logical errors with --obs-in.',
    load: async () => (await import('./decode.js')).decodeCommand,
  },
  {
    name: 'gen',
    summary: 'Generate an annotated QEC circuit (code, task, distance, rounds, noise).',
    load: async () => (await import('./gen.js')).genCommand,
  },
  {
    name: 'collect',
    summary: 'Sample and decode tasks on all cores until max-shots or max-errors; append results to a CSV.',
    load: async () => (await import('./collect.js')).collectCommand,
  },
  {
    name: 'plot',
    summary:
      'Plot logical error rates (or discard rates, or Λ) vs any metadata key, one line per value of the --group keys (SVG or PNG).',
    load: async () => (await import('./analyze.js')).plotCommand,
  },
  {
    name: 'threshold',
    summary:
      'Estimate thresholds (finite-size scaling with bootstrap error), Λ and the suppression fit from results.',
    load: async () => (await import('./analyze.js')).thresholdCommand,
  },
  {
    name: 'footprint',
    summary:
      'Smallest distance and physical qubits per logical qubit to reach a target logical error rate per round.',
    load: async () => (await import('./analyze.js')).footprintCommand,
  },
  {
    name: 'rare-event',
    summary:
      'Logical error rates down to 1e-12 and below by splitting in p (Bravyi & Vargo 2013), with error bars.',
    load: async () => (await import('./rare-event.js')).rareEventCommand,
  },
  {
    name: 'serve',
    summary: 'Run the QEC job service: HTTP API, accounts, embedded SQLite store, batches on all cores.',
    load: async () => (await import('./serve.js')).serveCommand,
  },
  {
    name: 'worker',
    summary: 'Run batches of a qec serve --queue service on this machine, taken from its Redis (BullMQ).',
    load: async () => (await import('./worker.js')).workerCommand,
  },
  {
    name: 'token',
    summary: 'Create, list or revoke API tokens of the service (qec token create|list|revoke).',
    load: async () => (await import('./token.js')).tokenCommand,
  },
  {
    name: 'submit',
    summary: 'Submit a study file to a QEC service; prints the study id.',
    load: async () => (await import('./client.js')).submitCommand,
  },
  {
    name: 'status',
    summary: "Show a study's status and per-task counts on a QEC service.",
    load: async () => (await import('./client.js')).statusCommand,
  },
  {
    name: 'results',
    summary: "Download a study's results as the sinter-compatible CSV of qec collect.",
    load: async () => (await import('./client.js')).resultsCommand,
  },
  {
    name: 'watch',
    summary: "Follow a study's progress live until it ends (exit 0 when done).",
    load: async () => (await import('./client.js')).watchCommand,
  },
];

/** Loads every command (docs and tests; the CLI itself loads only the one it runs). */
export function loadAllCommands(): Promise<CliCommand[]> {
  return Promise.all(COMMANDS.map((c) => c.load()));
}
