/**
 * A stand-in for the Hugging Face Hub on 127.0.0.1, with the same URL layout
 * (`/<repo>/resolve/<revision>/<file>`), so the page downloads, caches and fails as it would
 * against the real one, with no network.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How one file misbehaves: arrive slowly, or stop halfway with the connection closed. */
export type Misbehaviour = 'slow' | 'cut';

export interface FakeHub {
  /** The endpoint to pass as the page's `?hub=` parameter. */
  url: string;
  /** Every path requested, in order. */
  requests: string[];
  close(): Promise<void>;
}

// Slow files come in small pieces with pauses, so progress can be seen and a cancel can land.
const SLOW_CHUNK = 2048;
const SLOW_PAUSE_MS = 40;

/**
 * Serves `repos` (repository id to files by name) at revision `main`. `misbehave` is keyed by
 * `<repo>/<file>`.
 */
export async function startFakeHub(
  repos: Record<string, Map<string, Uint8Array>>,
  misbehave: Record<string, Misbehaviour> = {},
): Promise<FakeHub> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://hub').pathname);
    requests.push(path);
    const match = /^\/(.+)\/resolve\/([^/]+)\/([^/]+)$/.exec(path);
    const bytes = match && match[2] === 'main' ? repos[match[1]]?.get(match[3]) : undefined;
    response.setHeader('access-control-allow-origin', '*');
    if (!match || !bytes) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Entry not found');
      return;
    }
    response.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': String(bytes.length),
    });

    const behaviour = misbehave[`${match[1]}/${match[3]}`];
    if (behaviour === 'cut') {
      // Half the body, then the connection closes: the browser sees fewer bytes than promised.
      response.write(bytes.subarray(0, bytes.length >> 1), () => response.destroy());
    } else if (behaviour === 'slow') {
      let offset = 0;
      const timer = setInterval(() => {
        if (response.destroyed) {
          clearInterval(timer);
          return;
        }
        const end = Math.min(offset + SLOW_CHUNK, bytes.length);
        response.write(bytes.subarray(offset, end));
        offset = end;
        if (offset >= bytes.length) {
          clearInterval(timer);
          response.end();
        }
      }, SLOW_PAUSE_MS);
      response.on('close', () => clearInterval(timer));
    } else {
      response.end(bytes);
    }
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
