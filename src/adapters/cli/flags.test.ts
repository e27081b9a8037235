import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from './program.js';
import { registerSubcommands } from './subcommands.js';

function program(): Command {
  const p = buildProgram('0.0.0').exitOverride();
  registerSubcommands(p, () => ({ rich: false, debug: false }), []);
  for (const c of p.commands) c.exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  return p.configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
}

const sub = (p: Command, name: string) => p.commands.find((c) => c.name() === name)!;
const described = (c: Command) => new Map(c.options.map((o) => [o.long!, { description: o.description, defaultValue: o.defaultValue as unknown, choices: o.argChoices }]));

// Flags whose meaning differs by command: one symbol (required) vs a list, defaults resolved
// from the config, what --debug adds, the output folder, the default target, what --queue
// evaluates, and what --min-trades does to a combination (not selected vs ranked last).
const OWN = new Set(['--symbols', '--config', '--strategy', '--debug', '--output', '--metric', '--queue', '--min-trades']);

describe('shared flags', () => {
  it.each(['walk-forward', 'cscv'])('%s takes every flag it shares with the main command with the same text, default and choices', (name) => {
    const p = program();
    const main = described(p);
    const mine = described(sub(p, name));
    const shared = [...mine.keys()].filter((f) => main.has(f) && !OWN.has(f));
    expect(shared.length).toBeGreaterThanOrEqual(24);
    for (const f of shared) expect(mine.get(f), f).toEqual(main.get(f));
  });

  it('the validation commands parse numbers as strictly as the main command', async () => {
    for (const args of [['--fees', '0x10'], ['--init-cash', ''], ['--workers', '0b11'], ['--n-iter', '1e']]) {
      const p = program();
      const run = p.parseAsync(['walk-forward', '--symbols', 'BTC/USDT', '--train', '10', '--test', '5', ...args], { from: 'user' });
      await expect(run, args.join(' ')).rejects.toBeInstanceOf(CommanderError);
      await expect(run).rejects.toThrow(/takes a (whole )?number/);
    }
    // A plain decimal in exponent form is a number everywhere.
    const p = program();
    sub(p, 'cscv').action(() => undefined);
    await p.parseAsync(['cscv', '--symbols', 'BTC/USDT', '--fees', '1e-3', '--blocks', '8'], { from: 'user' });
    expect(sub(p, 'cscv').opts()).toMatchObject({ fees: 0.001, blocks: 8 });
  });
});
