/**
 * The circuit view's diagrams, drawn by the same renderers as `qec diagram` (the library's
 * `timelineSvg`, `detsliceSvg`, `matchgraphSvg`), with the command line that prints the same SVG.
 * Pure: no DOM, so it is unit-tested in Node.
 */
import {
  detsliceSvg,
  matchgraphSvg,
  parseTickRange,
  ticksOf,
  timelineSvg,
  type Circuit,
} from '../../src/index.js';
import type { LabExperiment } from './lab-model.js';

/** The diagram types of `qec diagram --type`. */
export const DIAGRAM_TYPES = ['timeline-svg', 'detslice-svg', 'matchgraph-svg'] as const;
export type DiagramType = (typeof DIAGRAM_TYPES)[number];

/** What the diagram controls hold. */
export interface DiagramChoice {
  readonly type: DiagramType;
  /** `--tick` as typed: `T`, `A:B` (half-open) or empty for every tick. */
  readonly ticks: string;
  /** `--remove-noise` (timeline only). */
  readonly removeNoise: boolean;
}

/** A drawn diagram: the SVG text and the `qec` command lines that print the same text. */
export interface LabDiagram {
  readonly svg: string;
  /** Shell lines, `circuit.stim` being the lab's circuit as downloaded. */
  readonly commands: readonly string[];
  /** Download file name. */
  readonly fileName: string;
}

/** Ticks drawn when the view opens: the start and the first eight TICKs (about one round). */
export function defaultTicks(circuit: Circuit): string {
  return `0:${Math.min(circuit.stats().numTicks, 8) + 1}`;
}

/**
 * Draws one diagram of the lab's circuit (the Stim text the lab shows) or of the DEM the lab
 * decodes with (analysed with disjoint-error approximation and, when `graphlike`, decomposed
 * errors, as `qec analyze-errors --approximate-disjoint-errors [--decompose-errors]` writes it).
 * @throws ValidationError naming the ticks field; LimitError for a timeline past the op limit.
 */
export function labDiagram(
  exp: Pick<LabExperiment, 'circuit' | 'dem' | 'graphlike'>,
  choice: DiagramChoice,
): LabDiagram {
  const { circuit, dem } = exp;
  const range = choice.type === 'matchgraph-svg' ? undefined : parseTickRange(choice.ticks, 'ticks');
  const tick = range === undefined ? '' : ` --tick ${range[0]}:${range[1]}`;
  switch (choice.type) {
    case 'timeline-svg':
      return {
        svg: timelineSvg(circuit, { ticks: range, removeNoise: choice.removeNoise }),
        commands: [
          `qec diagram --in circuit.stim --type timeline-svg${tick}${choice.removeNoise ? ' --remove-noise' : ''}`,
        ],
        fileName: 'timeline.svg',
      };
    case 'detslice-svg':
      return {
        svg: detsliceSvg(circuit, { ticks: range === undefined ? undefined : ticksOf(range, 'ticks') }),
        commands: [`qec diagram --in circuit.stim --type detslice-svg${tick}`],
        fileName: 'detslice.svg',
      };
    case 'matchgraph-svg':
      return {
        svg: matchgraphSvg(dem),
        commands: [
          `qec analyze-errors --in circuit.stim${exp.graphlike ? ' --decompose-errors' : ''} --approximate-disjoint-errors --out circuit.dem`,
          'qec diagram --in circuit.dem --type matchgraph-svg',
        ],
        fileName: 'matchgraph.svg',
      };
    default: {
      const never: never = choice.type;
      throw new Error(`unknown diagram type ${String(never)}`);
    }
  }
}
