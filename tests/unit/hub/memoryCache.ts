/** An in-memory stand-in for one Cache API cache, enough for the model cache's needs. */
import type { CacheStore } from '../../../src/hub/cache';

export interface MemoryCache extends CacheStore {
  urls(): string[];
}

export function memoryCache(): MemoryCache {
  const entries = new Map<string, { body: ArrayBuffer; status: number; headers: Headers }>();
  const urlOf = (request: RequestInfo | URL) =>
    typeof request === 'string' ? request : request instanceof URL ? request.href : request.url;
  return {
    async match(request: RequestInfo | URL) {
      const entry = entries.get(urlOf(request));
      if (!entry) return undefined;
      const body = entry.status === 404 ? null : entry.body.slice(0);
      return new Response(body, { status: entry.status, headers: entry.headers });
    },
    // Like the real Cache API, the whole body is read before anything is stored.
    async put(request: RequestInfo | URL, response: Response) {
      const body = await response.arrayBuffer();
      entries.set(urlOf(request), { body, status: response.status, headers: response.headers });
    },
    async delete(request: RequestInfo | URL) {
      return entries.delete(urlOf(request));
    },
    async keys() {
      return [...entries.keys()].map((url) => new Request(url));
    },
    urls: () => [...entries.keys()],
  } as MemoryCache;
}
