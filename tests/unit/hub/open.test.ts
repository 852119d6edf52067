/**
 * Opening Hub references end to end in Node: tiny checkpoints behind a fake fetch in the Hub's
 * URL layout, the in-memory cache in front, the real loader behind.
 */
import { describe, expect, it } from 'vitest';
import { listCachedModels } from '../../../src/hub/cache';
import { isAbort, openModel } from '../../../src/hub/open';
import { parseTypedReference } from '../../../src/hub/reference';
import { tinyCheckpoint } from '../../fixtures/tinyCheckpoints';
import { memoryCache } from './memoryCache';
import type { OpenOptions } from '../../../src/hub/open';
import type { DownloadProgress } from '../../../src/hub/progress';

const HUB = 'http://127.0.0.1:9';

/** Serves repositories as `<HUB>/<repo>/resolve/main/<file>`, logging every request. */
function fakeHub(repos: Record<string, Map<string, Uint8Array>>) {
  const requests: string[] = [];
  const fetchFile: typeof fetch = async (input) => {
    const url = String(input);
    requests.push(url);
    const match = /^http:\/\/127\.0\.0\.1:9\/(.+)\/resolve\/main\/([^/]+)$/.exec(url);
    const bytes = match ? repos[match[1]]?.get(match[2]) : undefined;
    if (!bytes) return new Response('Entry not found', { status: 404 });
    return new Response(bytes.slice(), { headers: { 'content-length': String(bytes.length) } });
  };
  return { fetchFile, requests };
}

function options(fetchFile: typeof fetch, extra: Partial<OpenOptions> = {}): OpenOptions {
  return {
    hubEndpoint: HUB,
    builtinUrl: (name) => `http://app.test/models/${name}/`,
    localFiles: () => undefined,
    cache: memoryCache(),
    limits: { deviceMemoryGb: 8, maxTextureSize: null },
    backend: 'cpu',
    fetch: fetchFile,
    ...extra,
  };
}

const gpt2 = tinyCheckpoint('gpt2').files;

describe('opening a Hub reference', () => {
  it('downloads a tiny gpt2 with progress, then opens it again from the cache alone', async () => {
    const hub = fakeHub({ 'tiny/gpt2': gpt2 });
    const progress: DownloadProgress[] = [];
    const opts = options(hub.fetchFile, { onProgress: (p) => progress.push(p) });
    const reference = parseTypedReference('tiny/gpt2');

    const model = await openModel(reference, opts);
    expect(model.name).toBe('tiny/gpt2');
    expect((await model.run('hello world')).attention).toHaveLength(2);
    model.dispose();
    const last = progress[progress.length - 1];
    expect(last.loaded).toBe(last.total);
    expect(last.loaded).toBeGreaterThan(gpt2.get('model.safetensors')!.length);
    const downloads = hub.requests.length;

    const again = await openModel(reference, opts);
    again.dispose();
    expect(hub.requests.length).toBe(downloads);
    const [cached] = await listCachedModels(opts.cache!);
    expect(cached.reference).toBe('hub:tiny/gpt2@main');
    expect(cached.bytes).toBe([...gpt2.values()].reduce((sum, f) => sum + f.length, 0));
  });

  it('names the missing file on a 404 and keeps nothing in the cache', async () => {
    const files = new Map(gpt2);
    files.delete('tokenizer.json');
    const opts = options(fakeHub({ 'tiny/gpt2': files }).fetchFile);
    await expect(openModel(parseTypedReference('tiny/gpt2'), opts)).rejects.toThrow(
      /^tokenizer\.json: not found in http:\/\/127\.0\.0\.1:9\/tiny\/gpt2\/resolve\/main\//,
    );
    expect(await listCachedModels(opts.cache!)).toEqual([]);
  });

  it('names a corrupt checkpoint and forgets its cached files', async () => {
    const files = new Map(gpt2);
    const corrupt = files.get('model.safetensors')!.slice();
    corrupt.fill(0x7b, 8, 40);
    files.set('model.safetensors', corrupt);
    const opts = options(fakeHub({ 'tiny/gpt2': files }).fetchFile);
    await expect(openModel(parseTypedReference('tiny/gpt2'), opts)).rejects.toThrow(
      /^model\.safetensors: corrupt header/,
    );
    expect(await listCachedModels(opts.cache!)).toEqual([]);
  });

  it('names config.json and the supported types for an unknown architecture', async () => {
    const files = new Map(gpt2);
    files.set('config.json', new TextEncoder().encode('{"model_type":"llama"}'));
    const opts = options(fakeHub({ 'tiny/llama': files }).fetchFile);
    await expect(openModel(parseTypedReference('tiny/llama'), opts)).rejects.toThrow(
      'config.json: model_type "llama" is not supported; supported types are gpt2, bert, ' +
        'distilbert, roberta.',
    );
  });

  it('asks before downloading a model that looks too large, and stops when told', async () => {
    const hub = fakeHub({ 'tiny/gpt2': gpt2 });
    let asked = 0;
    const opts = options(hub.fetchFile, {
      // No real device has a hundredth of a gigabyte, which makes the tiny model look large.
      limits: { deviceMemoryGb: 0.0001, maxTextureSize: null },
      confirmMemory: async () => {
        asked++;
        return false;
      },
    });
    const failure = await openModel(parseTypedReference('tiny/gpt2'), opts).catch((e) => e);
    expect(isAbort(failure)).toBe(true);
    expect(asked).toBe(1);
    expect(hub.requests.map((url) => url.split('/').pop())).toEqual(['config.json']);
  });

  it('stops at once when cancelled, with an abort rather than a failure', async () => {
    const hub = fakeHub({ 'tiny/gpt2': gpt2 });
    const controller = new AbortController();
    const opts = options(hub.fetchFile, {
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    const failure = await openModel(parseTypedReference('tiny/gpt2'), opts).catch((e) => e);
    expect(isAbort(failure)).toBe(true);
  });

  it('explains that picked files cannot come back from a link', async () => {
    const opts = options(fakeHub({}).fetchFile);
    await expect(openModel({ kind: 'local', name: 'my-bert' }, opts)).rejects.toThrow(
      /Files picked from this computer \(my-bert\) cannot be opened again from a link/,
    );
  });

  it('says plainly when the Hub refuses a repository', async () => {
    const refusing: typeof fetch = async () => new Response('', { status: 401 });
    await expect(
      openModel(parseTypedReference('no/such-model'), options(refusing)),
    ).rejects.toThrow(/^config\.json: could not be fetched .*no such repository, or it is private/);
  });
});
