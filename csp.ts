/**
 * The Content-Security-Policy of the built site. No inline script and no eval; WASM may compile
 * ('wasm-unsafe-eval'), the inference worker loads from the site itself, and models may be
 * fetched from any https address, since a person can open a model from a URL or the Hub, and
 * over plain http from this machine only.
 */
import type { Plugin } from 'vite';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  // Plain http only on this machine: a model server run locally, or the tests' fake Hub.
  "connect-src 'self' https: http://127.0.0.1:* http://localhost:*",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

/**
 * Puts the policy into the built index.html as a meta tag, so it holds on any static host. The
 * development server goes without it: its hot reloading runs inline scripts.
 */
export function contentSecurityPolicy(): Plugin {
  return {
    name: 'attention-lens-csp',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
        injectTo: 'head-prepend',
      },
    ],
  };
}
