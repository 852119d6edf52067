/**
 * Where Hub repositories are downloaded from. The public Hub by default; a `?hub=` page
 * parameter may point at a mirror (https anywhere) or a server on this machine (http on a
 * loopback address), which is how the tests serve a fake Hub. Files are cached under their full
 * URL, so a mirror's files never stand in for the public Hub's.
 */

export const DEFAULT_HUB = 'https://huggingface.co';

// The same two names the page's Content-Security-Policy lets it reach over plain http.
const LOOPBACK = new Set(['localhost', '127.0.0.1']);

/** The endpoint named by `?hub=` in the page's query string, or the public Hub. */
export function hubEndpointFromQuery(search: string): string {
  const requested = new URLSearchParams(search).get('hub');
  return requested === null ? DEFAULT_HUB : checkHubEndpoint(requested);
}

/** Accepts https anywhere and plain http only on this machine; throws on anything else. */
export function checkHubEndpoint(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`The hub parameter "${text}" is not a URL.`);
  }
  const secure = url.protocol === 'https:';
  const local = url.protocol === 'http:' && LOOPBACK.has(url.hostname);
  if (!secure && !local) {
    throw new Error(
      `The hub parameter "${text}" must be an https URL, or http on localhost or 127.0.0.1.`,
    );
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new Error(`The hub parameter "${text}" must be a plain address without ? # or login.`);
  }
  return url.href.replace(/\/+$/, '');
}

/**
 * The folder URL of a repository at a revision, in the Hub's layout
 * `<endpoint>/<repo>/resolve/<revision>/`; a file name appended to it gives the file.
 */
export function hubFolderUrl(endpoint: string, repo: string, revision: string): string {
  const path = repo.split('/').map(encodeURIComponent).join('/');
  // A revision such as refs/pr/1 is one path segment on the Hub, its slashes escaped.
  return `${endpoint}/${path}/resolve/${encodeURIComponent(revision)}/`;
}
