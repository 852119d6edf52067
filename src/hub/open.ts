/**
 * Opens a model reference: finds its files (the Hub, a URL, the app's built-in folder or files
 * the person picked), puts the cache in front of downloads, estimates memory from config.json
 * before any weights arrive, and reports progress over all files. Failed downloads leave no
 * files behind in the cache, so the next attempt starts clean.
 */

import { parseConfig } from '../model/config';
import { loadModel } from '../model/load';
import { openSource } from '../model/sources';
import { cachingFetch, deleteCachedModel } from './cache';
import { hubFolderUrl } from './endpoint';
import { estimateMemory, storedBytesPerParameter } from './memory';
import { createProgressMeter } from './progress';
import { displayName, formatReference } from './reference';
import type { AttentionModel, ModelSource } from '../model/types';
import type { CacheStore, CachingFetch } from './cache';
import type { DeviceLimits, MemoryEstimate } from './memory';
import type { DownloadProgress } from './progress';
import type { ModelReference } from './reference';

export interface OpenOptions {
  /** Hub endpoint such as https://huggingface.co, for `hub:` references. */
  hubEndpoint: string;
  /** Folder URL of a built-in model. */
  builtinUrl: (name: string) => string;
  /** Files the person picked under this name, or undefined once the page has forgotten them. */
  localFiles: (name: string) => Map<string, Blob | ArrayBuffer> | undefined;
  /** Null keeps downloads out of the cache (no Cache API, or tests). */
  cache: CacheStore | null;
  limits: DeviceLimits;
  /** The tf backend in use; the texture check applies to WebGL only. */
  backend: string;
  onProgress?: (progress: DownloadProgress) => void;
  onEstimate?: (estimate: MemoryEstimate) => void;
  /** Asked when the estimate carries warnings; resolving false stops before the download. */
  confirmMemory?: (estimate: MemoryEstimate) => Promise<boolean>;
  signal?: AbortSignal;
  fetch?: typeof fetch;
  /** Opens the model from its source; the page passes one that runs it in a worker. */
  load?: typeof loadModel;
}

export async function openModel(
  reference: ModelReference,
  options: OpenOptions,
): Promise<AttentionModel> {
  const { signal } = options;
  const name = displayName(reference);
  const { source, cached, folder } = resolveSource(reference, options);

  const reader = openSource(source, { signal });
  const configBytes = await reader.read('config.json');
  if (!configBytes) throw new Error(`config.json: not found in ${reader.where}.`);
  let rawConfig: unknown;
  try {
    rawConfig = JSON.parse(new TextDecoder().decode(configBytes));
  } catch (error) {
    throw new Error(`config.json: not valid JSON (${(error as Error).message}).`, {
      cause: error,
    });
  }
  const config = parseConfig(rawConfig, 'config.json');

  const bytesPerParameter = storedBytesPerParameter(rawConfig);
  const estimate = estimateMemory(config, bytesPerParameter, options.limits, options.backend);
  options.onEstimate?.(estimate);
  if (estimate.warnings.length > 0 && options.confirmMemory) {
    if (!(await options.confirmMemory(estimate))) throw abortError(`Opening ${name} was stopped.`);
  }
  signal?.throwIfAborted();

  const meter = createProgressMeter();
  try {
    const load = options.load ?? loadModel;
    const model = await load(withConfig(source, configBytes), {
      signal,
      onProgress: (p) => options.onProgress?.(meter.update(p, cached?.hits.has(p.file) ?? false)),
    });
    if (signal?.aborted) {
      model.dispose();
      signal.throwIfAborted();
    }
    await cached?.settled();
    return model;
  } catch (error) {
    if (cached && folder && options.cache && !signal?.aborted) {
      await cached.settled();
      await deleteCachedModel(options.cache, folder);
    }
    throw error;
  }
}

function resolveSource(
  reference: ModelReference,
  options: OpenOptions,
): { source: ModelSource; cached: CachingFetch | null; folder: string | null } {
  const name = displayName(reference);
  const plain = options.fetch ?? globalThis.fetch.bind(globalThis);
  const network = reference.kind === 'hub' ? explainHubRefusals(plain) : plain;
  switch (reference.kind) {
    case 'builtin':
      // Built-in models come from the app's own server, whose HTTP caching already applies.
      return {
        source: { kind: 'url', baseUrl: options.builtinUrl(reference.name), name, fetch: network },
        cached: null,
        folder: null,
      };
    case 'local': {
      const files = options.localFiles(reference.name);
      if (!files) {
        throw new Error(
          `Files picked from this computer (${reference.name}) cannot be opened again from a ` +
            'link or after a reload; choose the folder again.',
        );
      }
      return { source: { kind: 'files', files, name }, cached: null, folder: null };
    }
    case 'hub':
    case 'url': {
      const folder =
        reference.kind === 'hub'
          ? hubFolderUrl(options.hubEndpoint, reference.repo, reference.revision)
          : reference.url;
      const cached = options.cache
        ? cachingFetch(options.cache, folder, formatReference(reference), network)
        : null;
      const source: ModelSource = {
        kind: 'url',
        baseUrl: folder,
        name,
        fetch: cached?.fetch ?? network,
      };
      return { source, cached, folder };
    }
  }
}

/**
 * The Hub answers 401 rather than 404 for a repository it does not have, since it might be a
 * private one; say that plainly instead of showing a bare status code.
 */
function explainHubRefusals(network: typeof fetch): typeof fetch {
  return async (input, init) => {
    const response = await network(input, init);
    if (response.status === 401 || response.status === 403) {
      throw new Error(
        `the Hub answered ${response.status}: no such repository, or it is private or gated ` +
          'and needs a login, which this page does not do',
      );
    }
    return response;
  };
}

/** The same source, with config.json answered from the bytes already read. */
function withConfig(source: ModelSource, configBytes: ArrayBuffer): ModelSource {
  if (source.kind === 'files') return source;
  const configUrl = new URL('config.json', source.baseUrl).href;
  const inner = source.fetch ?? globalThis.fetch.bind(globalThis);
  const fetchFile: typeof fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url === configUrl) {
      const headers = { 'content-length': String(configBytes.byteLength) };
      return Promise.resolve(new Response(configBytes.slice(0), { headers }));
    }
    return inner(input, init);
  };
  return { ...source, fetch: fetchFile };
}

function abortError(message: string): DOMException {
  return new DOMException(message, 'AbortError');
}

/** True for errors that mean the person cancelled, which the page does not show as failures. */
export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
