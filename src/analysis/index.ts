/**
 * Numbers computed from attention and logits, as plain functions over Float32Arrays. Nothing
 * in this folder imports React, D3 or TensorFlow.js, so the page and the command line share it.
 */

export * from './stats';
export * from './aggregate';
export * from './tokens';
export * from './compare';
export * from './predictions';
export { toRows } from './shape';
