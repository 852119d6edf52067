/**
 * The model layer: text to tokens to attention. Safe to import in Node; the browser backend
 * choice lives in ./backend, which only the app imports.
 */

export { loadModel } from './load';
export { parseConfig, SUPPORTED_MODEL_TYPES } from './config';
export { backendOrder, isSoftwareRenderer } from './renderer';
export type { BackendName } from './renderer';
export type * from './types';
