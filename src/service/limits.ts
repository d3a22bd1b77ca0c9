/**
 * The service's explicit resource limits, all configurable (`qec serve --max-...`). Going over one
 * answers 413 (a body or circuit too large), 422 (a value out of range) or 429 (too many running
 * studies) with a one-line reason naming the limit.
 */
export interface ServiceLimits {
  /** Largest request body in bytes (413 beyond). */
  readonly bodyBytes: number;
  /** Most shots one task of a study may ask for (`maxShots`; 422 beyond). */
  readonly shotsPerTask: number;
  /** Most tasks a study may expand to (after sweeps and decoders; 422 beyond). */
  readonly tasksPerStudy: number;
  /** Most studies one user may have queued or running at once (429 beyond). */
  readonly activeStudiesPerUser: number;
  /** Most qubits of a circuit (submitted or generated; 413 beyond). */
  readonly circuitQubits: number;
  /** Most gate targets of a circuit with REPEAT blocks counted as often as they repeat (413 beyond). */
  readonly circuitOperations: number;
  /** Milliseconds a request may take before the connection is closed. */
  readonly requestTimeoutMs: number;
  /** Largest page of `GET /studies`. */
  readonly pageSize: number;
}

/** Defaults sized for one lab machine: a headline-study sweep fits, a runaway request does not. */
export const DEFAULT_LIMITS: ServiceLimits = {
  bodyBytes: 1 << 20,
  shotsPerTask: 1e10,
  tasksPerStudy: 500,
  activeStudiesPerUser: 8,
  circuitQubits: 20_000,
  circuitOperations: 20_000_000,
  requestTimeoutMs: 30_000,
  pageSize: 100,
};
