// Generates docs/*.md from the tables they restate (gate table, CLI commands, codes, noise models).
// `npm run docs` rewrites them; src/docs.test.ts fails when they are stale.
import { writeFileSync } from 'node:fs';
import { generatedDocs } from '../src/cli/docs.js';

for (const [path, text] of Object.entries(await generatedDocs())) {
  writeFileSync(new URL(`../${path}`, import.meta.url), text);
  console.log(`wrote ${path}`);
}
