import { defineConfig } from 'vite';
import { viteSingleFile } from 'vite-plugin-singlefile';

/**
 * The service dashboard (`web/dashboard.html`) builds, after the lab, into the same folder as one
 * self-contained `dashboard.html` (scripts and styles inlined) that `qec serve` answers at `/`.
 * vite-plugin-singlefile inlines one entry per build, hence a second config; it must not empty
 * the folder the lab was just built into.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [viteSingleFile()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: false,
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    reportCompressedSize: false,
    rollupOptions: { input: 'dashboard.html' },
  },
});
