/**
 * A fetch that keeps model files in the browser's Cache API, so a model opened once opens again
 * after a reload without downloading anything.
 *
 * Files are stored under their own URL, and a model's folder URL carries its repository and
 * revision (`.../gpt2/resolve/main/`), so each revision is cached apart. Beside the files, each
 * folder has a small manifest naming the model and the bytes of every stored file, which is what
 * the list of cached models reads. A file is stored only once its whole body has arrived; a
 * download that breaks off stores nothing.
 */

export const CACHE_NAME = 'attention-lens-models-v1';

// A name no model file has, inside the folder, so deleting a folder takes its manifest with it.
const MANIFEST = '.attention-lens-manifest.json';

/** The slice of the Cache API used here, so tests can pass an in-memory one. */
export type CacheStore = Pick<Cache, 'match' | 'put' | 'delete' | 'keys'>;

export interface CachedModel {
  /** The folder URL the files came from; the key for deleting. */
  folder: string;
  /** The model reference that opens it again (`hub:gpt2@main`). */
  reference: string;
  bytes: number;
  files: number;
  /** When a file was last stored, in milliseconds since 1970. */
  savedAt: number;
}

interface Manifest {
  reference: string;
  files: Record<string, number>;
  savedAt: number;
}

/** The page's model cache, or null where the Cache API is missing (plain http pages). */
export async function openModelCache(): Promise<CacheStore | null> {
  if (typeof caches === 'undefined') return null;
  try {
    return await caches.open(CACHE_NAME);
  } catch (error) {
    console.warn('cache: the Cache API refused to open; models will not be cached.', error);
    return null;
  }
}

export interface CachingFetch {
  fetch: typeof fetch;
  /** File names served from the cache rather than the network so far. */
  hits: Set<string>;
  /** Resolves once every file being written to the cache is written (or failed). */
  settled(): Promise<void>;
}

/**
 * Wraps `network` for the files of one model folder. Successful responses and 404s (a file the
 * folder does not have, such as an optional tokenizer_config.json) are stored; other errors are
 * passed through and not stored.
 */
export function cachingFetch(
  cache: CacheStore,
  folder: string,
  reference: string,
  network: typeof fetch = globalThis.fetch.bind(globalThis),
): CachingFetch {
  const hits = new Set<string>();
  const writes = new Set<Promise<void>>();
  let manifestWrite = Promise.resolve();

  const record = (file: string, bytes: number) => {
    manifestWrite = manifestWrite.then(async () => {
      const manifest = (await readManifest(cache, folder)) ?? { reference, files: {}, savedAt: 0 };
      manifest.files[file] = bytes;
      manifest.savedAt = Date.now();
      await cache.put(folder + MANIFEST, Response.json(manifest));
    });
    return manifestWrite;
  };

  const cached: typeof fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const file = url.startsWith(folder) ? url.slice(folder.length) : url;
    const hit = await cache.match(url);
    if (hit) {
      hits.add(file);
      return hit;
    }

    const response = await network(input, init);
    if (response.status === 404) {
      track(
        writes,
        cache.put(url, new Response(null, { status: 404 })).then(() => record(file, 0)),
      );
      return response;
    }
    if (!response.ok || !response.body) return response;

    const [forCaller, forCache] = response.body.tee();
    let bytes = 0;
    const counted = forCache.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          bytes += chunk.byteLength;
          controller.enqueue(chunk);
        },
      }),
    );
    const headers = { 'content-type': response.headers.get('content-type') ?? '' };
    // A broken download fails the put, which is the point: nothing partial is kept. The caller
    // sees that error through its own branch.
    track(
      writes,
      cache.put(url, new Response(counted, { headers })).then(() => record(file, bytes)),
    );
    return new Response(forCaller, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };

  return {
    fetch: cached,
    hits,
    async settled() {
      while (writes.size > 0) await Promise.allSettled([...writes]);
      await manifestWrite.catch(() => undefined);
    },
  };
}

/** Every model with files in the cache, most recently stored first. */
export async function listCachedModels(cache: CacheStore): Promise<CachedModel[]> {
  const models: CachedModel[] = [];
  for (const request of await cache.keys()) {
    if (!request.url.endsWith(MANIFEST)) continue;
    const folder = request.url.slice(0, -MANIFEST.length);
    const manifest = await readManifest(cache, folder);
    if (!manifest) continue;
    const sizes = Object.values(manifest.files);
    models.push({
      folder,
      reference: manifest.reference,
      bytes: sizes.reduce((a, b) => a + b, 0),
      files: sizes.length,
      savedAt: manifest.savedAt,
    });
  }
  return models.sort((a, b) => b.savedAt - a.savedAt);
}

/** Removes every stored file of the folder and its manifest. */
export async function deleteCachedModel(cache: CacheStore, folder: string): Promise<void> {
  const inFolder = (await cache.keys()).filter((request) => request.url.startsWith(folder));
  await Promise.all(inFolder.map((request) => cache.delete(request)));
}

async function readManifest(cache: CacheStore, folder: string): Promise<Manifest | null> {
  const response = await cache.match(folder + MANIFEST);
  if (!response) return null;
  try {
    const manifest = (await response.json()) as Manifest;
    return typeof manifest.reference === 'string' && typeof manifest.files === 'object'
      ? manifest
      : null;
  } catch {
    return null;
  }
}

function track(writes: Set<Promise<void>>, write: Promise<void>) {
  const done = write
    .catch((error: unknown) => {
      // A full disk is worth a note; other failures are broken downloads, reported elsewhere.
      if ((error as Error | null)?.name === 'QuotaExceededError') {
        warnOnce('cache: storage is full, so model files are no longer cached.');
      }
    })
    .finally(() => writes.delete(done));
  writes.add(done);
}

const warned = new Set<string>();

function warnOnce(message: string) {
  if (warned.has(message)) return;
  warned.add(message);
  console.warn(message);
}
