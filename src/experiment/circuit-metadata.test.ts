import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { circuitFileMetadata, metadataFromCircuitComment, metadataFromFileName } from './circuit-metadata.js';

describe('metadata of circuit files (sinter habits)', () => {
  it('file names d=5,p=0.001,... give key=value metadata with numbers as numbers', () => {
    assert.deepEqual(metadataFromFileName('out/circuits/d=5,p=0.001,noise=si1000.stim'), {
      d: 5,
      p: 0.001,
      noise: 'si1000',
    });
    assert.deepEqual(metadataFromFileName('x/r=1e-3,b=X.stim'), { r: 1e-3, b: 'X' });
    assert.deepEqual(metadataFromFileName('plain.stim'), {});
    assert.throws(() => metadataFromFileName('d=5,oops.stim'), /'oops' is not key=value/);
  });

  it('a JSON comment wins over the file name; malformed ones name the line', () => {
    const text = '# generated\n# json_metadata: {"d": 7, "p": 0.002}\nM 0\n';
    assert.deepEqual(metadataFromCircuitComment(text, 'c.stim'), { d: 7, p: 0.002 });
    assert.deepEqual(circuitFileMetadata('d=5.stim', text), { d: 7, p: 0.002 });
    assert.deepEqual(circuitFileMetadata('d=5.stim', 'M 0\n'), { d: 5 });
    assert.deepEqual(circuitFileMetadata('c.stim', 'M 0\n'), { circuit: 'c.stim' });
    assert.deepEqual(metadataFromCircuitComment('# {"a": "b"}\n', 'c'), { a: 'b' });
    assert.throws(
      () => metadataFromCircuitComment('M 0\n# {"d": 5,}\n', 'c.stim'),
      /^ValidationError: c\.stim:2: /,
    );
    assert.throws(() => metadataFromCircuitComment('# metadata: {"d": [}\n', 'c.stim'), /c\.stim:1/);
  });
});
