/**
 * Small helpers for writing SVG text by hand (no DOM): escaping, number formatting and the
 * document wrapper shared by the diagram renderers.
 */

/** Escapes text for SVG/XML content and attribute values. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A coordinate with at most two decimals (keeps the SVG small and stable). */
export function n(v: number): string {
  return String(Math.round(v * 100) / 100);
}

/** Pauli colours, Stim's convention X, Y, Z = red, green, blue. */
export const PAULI_COLOR: Readonly<Record<'X' | 'Y' | 'Z', string>> = {
  X: '#e0403a',
  Y: '#3aa844',
  Z: '#3a6ee0',
};

/** A complete SVG document of the given size (user units = pixels) around `body` elements. */
export function svgDocument(width: number, height: number, body: readonly string[], title: string): string {
  const w = n(Math.max(width, 1));
  const h = n(Math.max(height, 1));
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" ` +
    `font-family="sans-serif">\n<title>${esc(title)}</title>\n<rect width="${w}" height="${h}" fill="white"/>\n` +
    `${body.join('\n')}\n</svg>\n`
  );
}
