import { describe, expect, it } from 'vitest';
import { cachingFetch, deleteCachedModel, listCachedModels } from '../../../src/hub/cache';
import { memoryCache } from './memoryCache';

const FOLDER = 'https://hub.test/gpt2/resolve/main/';

/** A network that serves `files` and counts requests; `cut` files break off mid-body. */
function fakeNetwork(files: Record<string, string>, cut: string[] = []) {
  const requests: string[] = [];
  const network: typeof fetch = async (input) => {
    const url = String(input);
    requests.push(url);
    const file = url.slice(FOLDER.length);
    const text = files[file];
    if (text === undefined) return new Response('not found', { status: 404 });
    if (!cut.includes(file)) return new Response(text);
    const bytes = new TextEncoder().encode(text);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, 3));
        controller.error(new TypeError('network error'));
      },
    });
    return new Response(body);
  };
  return { network, requests };
}

async function read(fetchFile: typeof fetch, file: string) {
  const response = await fetchFile(FOLDER + file);
  return { status: response.status, text: await response.text() };
}

describe('the model cache', () => {
  it('serves a file from the cache the second time, with no request', async () => {
    const cache = memoryCache();
    const { network, requests } = fakeNetwork({ 'config.json': '{"a":1}' });
    const first = cachingFetch(cache, FOLDER, 'hub:gpt2@main', network);
    expect(await read(first.fetch, 'config.json')).toEqual({ status: 200, text: '{"a":1}' });
    await first.settled();

    const second = cachingFetch(cache, FOLDER, 'hub:gpt2@main', network);
    expect(await read(second.fetch, 'config.json')).toEqual({ status: 200, text: '{"a":1}' });
    expect(requests).toHaveLength(1);
    expect([...second.hits]).toEqual(['config.json']);
  });

  it('remembers a missing optional file, so a reload asks nothing', async () => {
    const cache = memoryCache();
    const { network, requests } = fakeNetwork({});
    const first = cachingFetch(cache, FOLDER, 'hub:gpt2@main', network);
    expect((await read(first.fetch, 'tokenizer_config.json')).status).toBe(404);
    await first.settled();
    const second = cachingFetch(cache, FOLDER, 'hub:gpt2@main', network);
    expect((await read(second.fetch, 'tokenizer_config.json')).status).toBe(404);
    expect(requests).toHaveLength(1);
  });

  it('stores nothing of a download that breaks off', async () => {
    const cache = memoryCache();
    const { network } = fakeNetwork({ 'model.safetensors': 'abcdefgh' }, ['model.safetensors']);
    const cached = cachingFetch(cache, FOLDER, 'hub:gpt2@main', network);
    await expect(read(cached.fetch, 'model.safetensors')).rejects.toThrow('network error');
    await cached.settled();
    expect(cache.urls()).toEqual([]);
  });

  it('passes server errors through without storing them', async () => {
    const cache = memoryCache();
    const network: typeof fetch = async () => new Response('busy', { status: 503 });
    const cached = cachingFetch(cache, FOLDER, 'hub:gpt2@main', network);
    expect((await read(cached.fetch, 'config.json')).status).toBe(503);
    await cached.settled();
    expect(cache.urls()).toEqual([]);
  });

  it('lists each model folder with its reference and stored bytes, and deletes one', async () => {
    const cache = memoryCache();
    const { network } = fakeNetwork({ 'config.json': '12345', 'model.safetensors': '1234567890' });
    const gpt2 = cachingFetch(cache, FOLDER, 'hub:gpt2@main', network);
    await read(gpt2.fetch, 'config.json');
    await read(gpt2.fetch, 'model.safetensors');
    await gpt2.settled();

    const otherFolder = 'https://hub.test/gpt2/resolve/v2/';
    const other = cachingFetch(cache, otherFolder, 'hub:gpt2@v2', async () => new Response('xy'));
    await other.fetch(`${otherFolder}config.json`).then((r) => r.text());
    await other.settled();

    const listed = await listCachedModels(cache);
    expect(listed.map(({ reference, bytes, files }) => ({ reference, bytes, files }))).toEqual(
      expect.arrayContaining([
        { reference: 'hub:gpt2@main', bytes: 15, files: 2 },
        { reference: 'hub:gpt2@v2', bytes: 2, files: 1 },
      ]),
    );

    await deleteCachedModel(cache, FOLDER);
    expect((await listCachedModels(cache)).map((m) => m.reference)).toEqual(['hub:gpt2@v2']);
    expect(cache.urls().every((url) => url.startsWith(otherFolder))).toBe(true);
  });
});
