#!/usr/bin/env node
// The `qec` command: runs the compiled CLI (built by `npm run build`, which `npm install` runs).
import { run } from '../dist/src/cli/main.js';
run();
