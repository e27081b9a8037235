import type { Command } from 'commander';
import { registerCheckLookaheadCommand } from './check-lookahead.js';
import { registerCscvCommand } from './cscv.js';
import { registerMonteCarloCommand } from './montecarlo.js';
import { registerWalkForwardCommand } from './walk-forward.js';

/** Registers the out-of-sample validation commands: cscv, walk-forward, montecarlo, check-lookahead. */
export function registerValidationCommands(program: Command, argv: readonly string[]): void {
  registerCscvCommand(program, argv);
  registerMonteCarloCommand(program);
  registerWalkForwardCommand(program, argv);
  registerCheckLookaheadCommand(program);
}
