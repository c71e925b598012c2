import { describe, expect, it } from 'vitest';
import { type CliCommand, CliUsageError, EXIT_CODES } from '../../src/cli/cli-command.js';
import { runCli } from '../../src/cli/run-cli.js';
import { captureIo } from '../support/capture-io.js';

const echo: CliCommand = {
  name: 'echo',
  summary: 'prints --text',
  usage: 'usage: eliza-sql echo --text <text>',
  options: { text: { type: 'string' } },
  async run(values, _positionals, io) {
    if (typeof values.text !== 'string') throw new CliUsageError('--text <text> is required');
    if (values.text === 'fail') throw Object.assign(new Error('it failed'), { code: 'SOME_CODE' });
    io.out(values.text);
    return EXIT_CODES.ok;
  },
};

describe('eliza-sql command line', () => {
  it('lists the commands on --help and exits 0', async () => {
    const io = captureIo();
    expect(await runCli(['--help'], io, [echo])).toBe(0);
    expect(io.outLines.join('\n')).toMatch(/echo\s+prints --text/);
  });

  it('prints a command’s own help on <command> --help', async () => {
    const io = captureIo();
    expect(await runCli(['echo', '--help'], io, [echo])).toBe(0);
    expect(io.outLines).toEqual([echo.usage]);
  });

  it('runs the command with its parsed options', async () => {
    const io = captureIo();
    expect(await runCli(['echo', '--text', 'hi'], io, [echo])).toBe(0);
    expect(io.outLines).toEqual(['hi']);
  });

  it.each([
    [[], 'usage: eliza-sql <command>'],
    [['nope'], 'unknown command "nope"'],
    [['echo', '--bogus'], "Unknown option '--bogus'"],
    [['echo'], '--text <text> is required'],
  ])('exits 64 with a message for %j', async (argv, message) => {
    const io = captureIo();
    expect(await runCli(argv, io, [echo])).toBe(EXIT_CODES.usage);
    expect(io.errLines.join('\n')).toContain(message);
  });

  it('prints a failing command’s error code and message and exits 1', async () => {
    const io = captureIo();
    expect(await runCli(['echo', '--text', 'fail'], io, [echo])).toBe(EXIT_CODES.error);
    expect(io.errLines).toEqual(['eliza-sql echo: SOME_CODE: it failed']);
  });
});
