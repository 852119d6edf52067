/** The command line, spawned as a person would run it, on a tiny checkpoint folder. */

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyCheckpoint, writeCheckpoint } from '../fixtures/tinyCheckpoints';

const run = promisify(execFile);
const TSX = join('node_modules', '.bin', 'tsx');

async function attention(...args: string[]) {
  try {
    const { stdout, stderr } = await run(TSX, ['scripts/attention.ts', ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('scripts/attention.ts', () => {
  let folder: string;

  beforeAll(() => {
    folder = join(mkdtempSync(join(tmpdir(), 'attention-cli-')), 'tiny-gpt2');
    writeCheckpoint(tinyCheckpoint('gpt2', { layers: 2, heads: 4 }), folder);
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('prints one JSON object indexed [layer][head][query][key]', async () => {
    const { code, stdout } = await attention('--model', folder, '--text', 'The cat sat');
    expect(code).toBe(0);
    const output = JSON.parse(stdout);
    expect(output.model).toBe('tiny-gpt2');
    expect(output.tokens).toEqual([
      { id: 286, text: '<|endoftext|>' },
      { id: 275, text: 'The' },
      { id: 262, text: ' cat' },
      { id: 264, text: ' sat' },
    ]);
    expect(output.attention).toHaveLength(2);
    expect(output.attention[1]).toHaveLength(4);
    expect(output.attention[1][3]).toHaveLength(4);
    expect(output.attention[1][3][0]).toEqual([1, 0, 0, 0]);
    expect(output.truncated).toBe(false);
  });

  it('reports errors on stderr with a non-zero exit', async () => {
    const { code, stdout, stderr } = await attention(
      '--model',
      join(folder, 'nope'),
      '--text',
      'x',
    );
    expect(code).not.toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^attention: .*nope: no such folder\.\n$/);
  });

  it('explains itself with --help', async () => {
    const { code, stdout } = await attention('--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: npm run --silent attention -- --model <folder> --text/);
  });
});
