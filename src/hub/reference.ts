/**
 * Model references: the one string that names what is open, kept in the settings and the link.
 *
 *   brown-gpt                          a built-in model, from the app's own models/ folder
 *   hub:openai-community/gpt2@main     a Hugging Face Hub repository at a revision
 *   url:https://example.org/my-model/  any folder URL holding the same files
 *   local:my-model                     files picked or dropped on the page (not for links)
 *
 * What a person types into the model field (`gpt2`, `bert-base-uncased@v1`, a URL) is read by
 * `parseTypedReference`, which turns it into one of these.
 */

export type ModelReference =
  | { kind: 'builtin'; name: string }
  | { kind: 'hub'; repo: string; revision: string }
  | { kind: 'url'; url: string }
  | { kind: 'local'; name: string };

export const DEFAULT_REVISION = 'main';

// The Hub's own rule for names: letters, digits, '-', '_' and '.', at most 96 characters,
// optionally under one owner; '--' and '..' are reserved.
const REPO_PART = '[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9])?';
const REPO_ID = new RegExp(`^(?:${REPO_PART}/)?${REPO_PART}$`);
// Branches, tags, commit hashes and refs/pr/N; no spaces, no '..'.
const REVISION = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,199}$/;

export function isRepoId(text: string): boolean {
  return REPO_ID.test(text) && !text.includes('--') && !text.includes('..');
}

/** Reads a stored reference; a bare name is a built-in model. Throws on a malformed one. */
export function parseReference(text: string): ModelReference {
  const colon = text.indexOf(':');
  const prefix = colon < 0 ? '' : text.slice(0, colon);
  const rest = text.slice(colon + 1);
  switch (prefix) {
    case 'hub':
      return parseHub(rest);
    case 'url':
      return { kind: 'url', url: checkUrl(rest) };
    case 'local':
      if (rest === '') throw new Error('A local model reference needs a name.');
      return { kind: 'local', name: rest };
    default:
      if (!isRepoId(text)) throw new Error(`"${text}" is not a model name.`);
      return { kind: 'builtin', name: text };
  }
}

/** The stored form of a reference; parseReference(formatReference(r)) gives r back. */
export function formatReference(reference: ModelReference): string {
  switch (reference.kind) {
    case 'builtin':
      return reference.name;
    case 'hub':
      return `hub:${reference.repo}@${reference.revision}`;
    case 'url':
      return `url:${reference.url}`;
    case 'local':
      return `local:${reference.name}`;
  }
}

/**
 * Reads what a person typed: a URL, or a Hub repository id with an optional `@revision`.
 * Names in `builtins` open the built-in model of that name rather than a Hub repository.
 */
export function parseTypedReference(
  typed: string,
  builtins: readonly string[] = [],
): ModelReference {
  const text = typed.trim();
  if (text === '') throw new Error('Type a Hub model id such as gpt2, or a folder URL.');
  if (/^https?:\/\//i.test(text)) return { kind: 'url', url: checkUrl(text) };
  if (/^[a-z]+:/i.test(text)) return parseReference(text);
  if (builtins.includes(text)) return { kind: 'builtin', name: text };
  return parseHub(text);
}

/** A short name for the page: the repository, the URL's last folder, or the given name. */
export function displayName(reference: ModelReference): string {
  switch (reference.kind) {
    case 'builtin':
    case 'local':
      return reference.name;
    case 'hub':
      return reference.revision === DEFAULT_REVISION
        ? reference.repo
        : `${reference.repo}@${reference.revision}`;
    case 'url':
      return reference.url.replace(/\/+$/, '').split('/').pop() || reference.url;
  }
}

function parseHub(text: string): ModelReference {
  const at = text.indexOf('@');
  const repo = at < 0 ? text : text.slice(0, at);
  const revision = at < 0 ? DEFAULT_REVISION : text.slice(at + 1);
  if (!isRepoId(repo)) {
    throw new Error(
      `"${repo}" is not a Hub repository id; expected a name like gpt2 or ` +
        'openai-community/gpt2, optionally followed by @revision.',
    );
  }
  if (!REVISION.test(revision) || revision.includes('..')) {
    throw new Error(`"${revision}" is not a revision; expected a branch, tag or commit hash.`);
  }
  return { kind: 'hub', repo, revision };
}

function checkUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`"${text}" is not a URL.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`"${text}" is not an http or https URL.`);
  }
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}
