import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { generatedDocs } from './docs.js';

describe('generated docs', () => {
  it('docs/*.md match the tables they are generated from (run `npm run docs` after changing a table)', async () => {
    for (const [path, text] of Object.entries(await generatedDocs())) {
      const onDisk = readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
      assert.equal(onDisk, text, `${path} is stale: run npm run docs`);
    }
  });
});
