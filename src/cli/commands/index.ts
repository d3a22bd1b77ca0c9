import type { CliCommand } from '../command.js';
import { analyzeErrorsCommand } from './analyze-errors.js';
import { footprintCommand, plotCommand, thresholdCommand } from './analyze.js';
import { collectCommand } from './collect.js';
import { convertCommand, runCommand } from './convert.js';
import { decodeCommand } from './decode.js';
import { demoCommand } from './demo.js';
import { detectCommand } from './detect.js';
import { genCommand } from './gen.js';
import { sampleCommand } from './sample.js';
import { sampleDemCommand } from './sample-dem.js';
import { rareEventCommand } from './rare-event.js';
import { studyCommand } from './study.js';

/** Every `qec` subcommand, in the order `qec --help` lists them. */
export const COMMANDS: readonly CliCommand[] = [
  studyCommand,
  demoCommand,
  sampleCommand,
  runCommand,
  convertCommand,
  detectCommand,
  analyzeErrorsCommand,
  sampleDemCommand,
  decodeCommand,
  genCommand,
  collectCommand,
  plotCommand,
  thresholdCommand,
  footprintCommand,
  rareEventCommand,
];
