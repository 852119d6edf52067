/** Model files read as Blobs: the path large checkpoints take so the page never joins them. */
import { describe, expect, it } from 'vitest';
import { openSource } from '../../../src/model/sources';
import type { LoadProgress } from '../../../src/model/types';

const BASE = 'http://models.test/tiny/';

function body(parts: string[], breakAfter = Infinity): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent === breakAfter) controller.error(new TypeError('connection closed'));
      else if (sent === parts.length) controller.close();
      else controller.enqueue(new TextEncoder().encode(parts[sent++]));
    },
  });
}

describe('reading a file as a Blob', () => {
  it('collects the body and reports progress chunk by chunk', async () => {
    const progress: LoadProgress[] = [];
    const reader = openSource(
      {
        kind: 'url',
        baseUrl: BASE,
        fetch: async () =>
          new Response(body(['abc', 'defg']), { headers: { 'content-length': '7' } }),
      },
      { onProgress: (p) => progress.push(p) },
    );
    const blob = await reader.readBlob('model.safetensors');
    expect(await blob?.text()).toBe('abcdefg');
    expect(progress.map((p) => [p.loaded, p.total])).toEqual([
      [3, 7],
      [7, 7],
    ]);
  });

  it('answers null for a missing file and names a file whose download breaks off', async () => {
    const reader = openSource({
      kind: 'url',
      baseUrl: BASE,
      fetch: async (input) =>
        String(input).endsWith('absent.json')
          ? new Response('', { status: 404 })
          : new Response(body(['abc', 'def'], 1)),
    });
    await expect(reader.readBlob('absent.json')).resolves.toBeNull();
    await expect(reader.readBlob('model.safetensors')).rejects.toThrow(
      /^model\.safetensors: the download broke off/,
    );
  });

  it('hands back a picked file as it is', async () => {
    const file = new Blob(['weights']);
    const reader = openSource({
      kind: 'files',
      files: new Map([['my/model.safetensors', file]]),
      name: 'my',
    });
    expect(await reader.readBlob('model.safetensors')).toBe(file);
  });
});
