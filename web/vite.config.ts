import { defineConfig } from 'vite';
import { viteSingleFile } from 'vite-plugin-singlefile';

/**
 * The lab builds to one self-contained HTML file (scripts, styles and the Web Worker inlined):
 * Chromium refuses module scripts and worker scripts loaded from file:// URLs, and the lab must
 * work when `dist/web/index.html` is opened from disk with no network.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [viteSingleFile()],
  worker: { format: 'iife' },
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    reportCompressedSize: false,
  },
});
