import type { CliCommand } from '../command.js';

/** Every `qec` subcommand, in the order `qec --help` lists them. */
export const COMMANDS: readonly CliCommand[] = [];
