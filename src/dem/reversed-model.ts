/**
 * The error analyzer's model as built while walking backwards (absolute detector ids, items in
 * reverse order) and its conversion into DEM items with relative ids (Stim's `unreversed`).
 */
import { EMPTY, OBS_BASE, SEP } from './error-sets.js';
import type { ErrorEntry } from './error-table.js';
import type { DemItem, DemSymptom } from './dem.js';
import { DetectorErrorModel } from './dem.js';

/** One item of the reversed model. */
export type RevItem =
  /** A flushed batch of mechanisms, sorted ascending (one item, not one per error: fewer long-lived objects). */
  | { kind: 'errors'; entries: readonly ErrorEntry[] }
  | { kind: 'detector'; coords: readonly number[]; id: number; tag: string }
  | { kind: 'observable'; id: number; tag: string }
  | { kind: 'shift'; coords: readonly number[]; shift: number; tag: string }
  | { kind: 'repeat'; reps: number; body: RevItem[]; tag: string };

/** Detector shift of a run of reversed items, with repeat blocks multiplied out. */
export function totalDetectorShift(items: readonly RevItem[]): number {
  let s = 0;
  for (const it of items) {
    if (it.kind === 'shift') s += it.shift;
    else if (it.kind === 'repeat') s += it.reps * totalDetectorShift(it.body);
  }
  return s;
}

/** Converts the reversed model into DEM items with relative detector ids (Stim's `unreversed`). */
export interface UnreverseState {
  /** Sum of the shift_detectors seen so far (absolute id = relative id + base). */
  base: number;
  /** seenDetectors[d] = 1 once detector d appeared in an emitted error (absolute ids). */
  readonly seenDetectors: Uint8Array;
  readonly seenObservables: Set<number>;
}

function unreverseError(e: ErrorEntry, state: UnreverseState): DemItem {
  // One pass over the targets: split at separators, make ids relative, mark them seen. A
  // single detector-only component at base 0 shares the (immutable) targets array: these
  // objects live as long as the model, so every allocation saved is a copy the GC skips.
  const ts = e.targets;
  const n = ts.length;
  let hasObsOrSep = false;
  for (let k = 0; k < n; k++) {
    const t = ts[k];
    if (t < OBS_BASE) state.seenDetectors[t] = 1;
    else {
      hasObsOrSep = true;
      if (t !== SEP) state.seenObservables.add(t - OBS_BASE);
    }
  }
  let components: DemSymptom[];
  if (!hasObsOrSep && state.base === 0) {
    components = [{ detectors: ts, observables: EMPTY }];
  } else {
    components = [];
    let dets: number[] = [];
    let obs: number[] = [];
    for (let k = 0; k < n; k++) {
      const t = ts[k];
      if (t === SEP) {
        components.push({ detectors: dets, observables: obs.length === 0 ? EMPTY : obs });
        dets = [];
        obs = [];
      } else if (t < OBS_BASE) dets.push(t - state.base);
      else obs.push(t - OBS_BASE);
    }
    components.push({ detectors: dets, observables: obs.length === 0 ? EMPTY : obs });
  }
  return { kind: 'error', probability: e.p, components, tag: e.tag };
}

/** DEM items of a reversed model, in circuit order; updates `state` as it goes. */
export function unreverse(rev: readonly RevItem[], state: UnreverseState): DemItem[] {
  const out: DemItem[] = [];
  for (let i = rev.length - 1; i >= 0; i--) {
    const e = rev[i];
    switch (e.kind) {
      case 'shift':
        state.base += e.shift;
        out.push({ kind: 'shift_detectors', coords: e.coords, shift: e.shift, tag: e.tag });
        break;
      case 'errors':
        for (const entry of e.entries) out.push(unreverseError(entry, state));
        break;
      case 'detector':
        if (e.coords.length > 0 || e.tag !== '' || state.seenDetectors[e.id] !== 1)
          out.push({ kind: 'detector', coords: e.coords, detectors: [e.id - state.base], tag: e.tag });
        break;
      case 'observable':
        if (e.tag !== '' || !state.seenObservables.has(e.id))
          out.push({ kind: 'logical_observable', observables: [e.id], tag: e.tag });
        break;
      case 'repeat': {
        if (e.reps === 0) break;
        const before = state.base;
        const body = unreverse(e.body, state);
        out.push({ kind: 'repeat', repetitions: e.reps, body: new DetectorErrorModel(body), tag: e.tag });
        state.base += (state.base - before) * (e.reps - 1);
        break;
      }
    }
  }
  return out;
}
