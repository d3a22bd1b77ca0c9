import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SseParser, type SseEvent } from './sse.js';

describe('SseParser', () => {
  it('parses named events, joins data lines and skips comments', () => {
    const p = new SseParser();
    const text =
      'event: status\ndata: {"status":"running"}\n\n: keep-alive\n\nevent: progress\ndata: a\ndata: b\n\ndata: x\n\n';
    assert.deepEqual(p.push(text), [
      { event: 'status', data: '{"status":"running"}' },
      { event: 'progress', data: 'a\nb' },
      { event: 'message', data: 'x' },
    ]);
  });

  it('keeps an unfinished event until its blank line arrives', () => {
    const p = new SseParser();
    assert.deepEqual(p.push('event: status\nda'), []);
    assert.deepEqual(p.push('ta: 1\n'), []);
    assert.deepEqual(p.push('\n'), [{ event: 'status', data: '1' }]);
  });

  it('gives the same events however the stream is cut into chunks (CRLF too)', () => {
    const events: SseEvent[] = [
      { event: 'progress', data: '{"tasks":[]}' },
      { event: 'status', data: '{"status":"done"}' },
      { event: 'message', data: 'two\nlines' },
    ];
    fc.assert(
      fc.property(fc.array(fc.nat(80), { maxLength: 6 }), fc.boolean(), (cuts, crlf) => {
        const nl = crlf ? '\r\n' : '\n';
        const text = events
          .map(
            (e) =>
              (e.event === 'message' ? '' : `event: ${e.event}${nl}`) +
              e.data
                .split('\n')
                .map((d) => `data: ${d}${nl}`)
                .join('') +
              nl,
          )
          .join(`: ping${nl}${nl}`);
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const p = new SseParser();
        const got: SseEvent[] = [];
        let at = 0;
        for (const c of [...points, text.length]) {
          got.push(...p.push(text.slice(at, c)));
          at = c;
        }
        assert.deepEqual(got, events);
      }),
    );
  });
});
