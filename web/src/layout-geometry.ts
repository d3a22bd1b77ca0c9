/**
 * Geometry of the 2D layout drawing: the frame around the qubits, the unit (nearest-neighbour
 * spacing) that sizes markers, and where a boundary match is drawn. Pure: no DOM.
 */
import type { LayoutQubit } from './lab-model.js';

/** The drawing frame in the circuit's own coordinates. */
export interface LayoutFrame {
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
  /** Smallest distance between two qubits (1 when fewer than two qubits). */
  readonly unit: number;
  /** SVG viewBox with a margin of 1.2 units. */
  readonly viewBox: string;
}

/** Frame of a set of points (qubits and detectors share one coordinate system). */
export function layoutFrame(points: readonly { x: number; y: number }[]): LayoutFrame {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const p of points) {
    minX = Math.min(minX, p.x);
    minY = Math.min(minY, p.y);
    maxX = Math.max(maxX, p.x);
    maxY = Math.max(maxY, p.y);
  }
  if (points.length === 0) [minX, minY, maxX, maxY] = [0, 0, 0, 0];
  let unit = Infinity;
  // Nearest-neighbour spacing by a sort-and-sweep on x: O(n log n) for the layouts drawn here.
  const byX = [...points].sort((a, b) => a.x - b.x);
  for (let i = 0; i < byX.length; i++)
    for (let j = i + 1; j < byX.length && byX[j].x - byX[i].x < unit; j++) {
      const dd = Math.hypot(byX[j].x - byX[i].x, byX[j].y - byX[i].y);
      if (dd > 0) unit = Math.min(unit, dd);
    }
  if (!Number.isFinite(unit)) unit = 1;
  const m = 1.2 * unit;
  const viewBox = [minX - m, minY - m, maxX - minX + 2 * m, maxY - minY + 2 * m]
    .map((v) => +v.toFixed(4))
    .join(' ');
  return { minX, minY, maxX, maxY, unit, viewBox };
}

/**
 * Where a detector's match to the boundary is drawn: to the nearest side of the qubit frame,
 * 0.8 units beyond it.
 */
export function boundaryPoint(f: LayoutFrame, x: number, y: number): { x: number; y: number } {
  const sides = [
    { d: x - f.minX, p: { x: f.minX - 0.8 * f.unit, y } },
    { d: f.maxX - x, p: { x: f.maxX + 0.8 * f.unit, y } },
    { d: y - f.minY, p: { x, y: f.minY - 0.8 * f.unit } },
    { d: f.maxY - y, p: { x, y: f.maxY + 0.8 * f.unit } },
  ];
  sides.sort((a, b) => a.d - b.d);
  return sides[0].p;
}

/** Counts of a layout by role (what the circuit view's caption says). */
export function layoutCounts(qs: readonly LayoutQubit[]): {
  data: number;
  checks: number;
  byType: Record<string, number>;
} {
  const byType: Record<string, number> = {};
  let data = 0;
  for (const q of qs) {
    if (q.kind === 'data') data++;
    else byType[q.checkType ?? '?'] = (byType[q.checkType ?? '?'] ?? 0) + 1;
  }
  return { data, checks: qs.length - data, byType };
}
