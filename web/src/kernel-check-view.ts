/**
 * The sweep view's kernel check: one sweep worker samples the form's circuit from the sweep seed
 * with the frame sampler's WebAssembly SIMD kernels and with its TypeScript path, the page's main
 * thread samples it too (with the kernels where the browser compiles WebAssembly synchronously on
 * the main thread, else the TypeScript path), and the three digests are shown with the verdict.
 */
import { generateExperiment } from '../../src/index.js';
import { KERNEL_CHECK_SHOTS, sampleDigest } from './kernel-check.js';
import type { GeneratorRequest } from './lab-model.js';
import type { SampleDigest } from './sweep-messages.js';
import { send, sweepWorker } from './sweep-pool.js';
import { h } from './dom.js';

function row(where: string, label: string, d: SampleDigest): HTMLTableRowElement {
  return h(
    'tr',
    {
      'data-where': where,
      'data-kernels': String(d.kernels),
      'data-sha256': d.sha256,
      'data-events': d.detectionEvents,
    },
    h('th', { scope: 'row' }, label),
    h('td', {}, d.kernels ? 'WebAssembly SIMD' : 'TypeScript'),
    h('td', { class: 'mono' }, d.sha256.slice(0, 16)),
    h('td', {}, d.detectionEvents.toLocaleString('en')),
  );
}

/**
 * The kernel check panel: a button and, once run, the digests table and verdict. `read` gives
 * the generator and seed to use (throws a one-line Error for a bad form).
 */
export function kernelCheckPanel(
  read: () => { generator: GeneratorRequest; seed: number },
  showError: (msg: string) => void,
): HTMLElement {
  const button = h('button', { type: 'button', id: 'w-kernel-check' }, 'Check the kernels');
  const out = h('div', { id: 'w-kernels', 'aria-live': 'polite' });
  button.addEventListener('click', () => {
    let req: { generator: GeneratorRequest; seed: number };
    try {
      req = read();
    } catch (err) {
      showError(err instanceof Error ? err.message : String(err));
      return;
    }
    showError('');
    button.disabled = true;
    out.replaceChildren(h('p', { class: 'note' }, 'sampling…'));
    const done = (): void => {
      w.terminate();
      button.disabled = false;
    };
    const w = sweepWorker(
      (r) => {
        done();
        if (r.kind !== 'kernel-check') {
          showError(
            r.kind === 'error' ? `kernel check: ${r.error}` : `kernel check: unexpected reply ${r.kind}`,
          );
          out.replaceChildren();
          return;
        }
        const main = sampleDigest(
          generateExperiment(req.generator).circuit,
          KERNEL_CHECK_SHOTS,
          req.seed,
          true,
        );
        const same = r.wasm.sha256 === r.typescript.sha256 && r.wasm.sha256 === main.sha256;
        out.replaceChildren(
          h(
            'table',
            { id: 'w-kernel-table', class: 'results' },
            h(
              'caption',
              {},
              `${KERNEL_CHECK_SHOTS} shots of the form's circuit, seed ${req.seed}: SHA-256 of the detection events and observable flips`,
            ),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ...['where', 'frame sampler', 'SHA-256 (first 16 hex)', 'detection events'].map((t) =>
                  h('th', { scope: 'col' }, t),
                ),
              ),
            ),
            h(
              'tbody',
              {},
              row('worker-wasm', 'Web Worker, kernels on', r.wasm),
              row('worker-ts', 'Web Worker, kernels off', r.typescript),
              row('main', 'main thread, kernels on', main),
            ),
          ),
          h(
            'p',
            {
              id: 'w-kernel-verdict',
              class: same ? 'verdict ok' : 'verdict fail',
              'data-same': String(same),
            },
            same ? '✓ same bits on every path' : '✗ the paths disagree: please report this',
          ),
        );
      },
      (msg) => {
        done();
        out.replaceChildren();
        showError(`kernel check: ${msg}`);
      },
    );
    send(w, {
      kind: 'kernel-check',
      id: 0,
      generator: req.generator,
      shots: KERNEL_CHECK_SHOTS,
      seed: req.seed,
    });
  });
  return h(
    'section',
    { class: 'kernel-check', 'aria-labelledby': 'kernel-check-heading' },
    h('h3', { id: 'kernel-check-heading' }, 'Frame sampler kernels'),
    h(
      'p',
      { class: 'note' },
      "Samples the form's circuit in a Web Worker with the WebAssembly SIMD kernels and without them, and on this page's main thread, and compares the bits.",
    ),
    button,
    out,
  );
}
