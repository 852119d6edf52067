/**
 * Reads the files of a model folder, wherever it lives: a URL (through an injectable fetch, so a
 * caching or Hub layer can sit in front) or files the person dropped on the page.
 */

import type { LoadOptions, ModelSource } from './types';

export interface FolderReader {
  /** A readable name for the source, used in messages. */
  where: string;
  /** The file's bytes, or null when it does not exist. Other failures throw. */
  read(file: string): Promise<ArrayBuffer | null>;
  /**
   * The same as a Blob. A download is assembled by the browser rather than joined in
   * JavaScript, so the page stays responsive while a checkpoint of hundreds of megabytes arrives.
   */
  readBlob(file: string): Promise<Blob | null>;
}

export function openSource(source: ModelSource, options: LoadOptions = {}): FolderReader {
  return source.kind === 'url' ? urlReader(source, options) : filesReader(source, options);
}

function urlReader(
  source: Extract<ModelSource, { kind: 'url' }>,
  { onProgress, signal }: LoadOptions,
): FolderReader {
  const base = source.baseUrl.endsWith('/') ? source.baseUrl : `${source.baseUrl}/`;
  const fetchFile = source.fetch ?? globalThis.fetch.bind(globalThis);
  const open = async (file: string): Promise<Response | null> => {
    const url = base + file;
    let response: Response;
    try {
      response = await fetchFile(url, { signal });
    } catch (error) {
      if (signal?.aborted) throw error;
      const reason = (error as Error).message;
      throw new Error(`${file}: could not be fetched from ${url} (${reason}).`, { cause: error });
    }
    if (response.status === 404) return null;
    if (!response.ok) {
      throw new Error(`${file}: the server answered ${response.status} for ${url}.`);
    }
    return response;
  };
  const download = async <T>(file: string, body: (r: Response, p: Progress) => Promise<T>) => {
    const response = await open(file);
    if (!response) return null;
    const length = Number(response.headers.get('content-length'));
    const total = Number.isFinite(length) && length > 0 ? length : null;
    try {
      return await body(response, (loaded) => onProgress?.({ file, loaded, total }));
    } catch (error) {
      if (signal?.aborted) throw error;
      const reason = (error as Error).message;
      throw new Error(`${file}: the download broke off (${reason}).`, { cause: error });
    }
  };
  return {
    where: base,
    read: (file) => download(file, readBody),
    readBlob: (file) => download(file, readBlobBody),
  };
}

type Progress = (loaded: number) => void;

/** Counts the bytes of a body as they pass and lets the browser collect them into a Blob. */
async function readBlobBody(response: Response, progress: Progress): Promise<Blob> {
  if (!response.body) {
    const blob = await response.blob();
    progress(blob.size);
    return blob;
  }
  let loaded = 0;
  const counted = response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        loaded += chunk.byteLength;
        progress(loaded);
        controller.enqueue(chunk);
      },
    }),
  );
  return new Response(counted).blob();
}

/** Reads a response body in chunks so progress can be reported while it arrives. */
async function readBody(response: Response, progress: Progress) {
  if (!response.body) {
    const buffer = await response.arrayBuffer();
    progress(buffer.byteLength);
    return buffer;
  }
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.byteLength;
    progress(loaded);
  }
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes.buffer;
}

function filesReader(
  source: Extract<ModelSource, { kind: 'files' }>,
  { onProgress }: LoadOptions,
): FolderReader {
  // A dropped folder keys files by relative path ('gpt2/config.json'); only the base name counts.
  const byName = new Map<string, Blob | ArrayBuffer>();
  for (const [path, file] of source.files) byName.set(path.split(/[\\/]/).pop() ?? path, file);
  return {
    where: source.name,
    async read(file) {
      const entry = byName.get(file);
      if (entry === undefined) return null;
      const buffer = entry instanceof Blob ? await entry.arrayBuffer() : entry;
      onProgress?.({ file, loaded: buffer.byteLength, total: buffer.byteLength });
      return buffer;
    },
    async readBlob(file) {
      const entry = byName.get(file);
      if (entry === undefined) return null;
      const blob = entry instanceof Blob ? entry : new Blob([entry]);
      onProgress?.({ file, loaded: blob.size, total: blob.size });
      return blob;
    },
  };
}
