/**
 * How much memory a model will take, worked out from its config.json before any weights are
 * downloaded, and whether that is likely too much for this device.
 *
 * Weights live on the backend as float32 whatever the file's dtype: parameters x 4 bytes. While
 * loading, the browser also holds the downloaded file (as it arrives, and again where it is
 * parsed) and a float32 copy of every tensor before it is uploaded, so the peak is well above
 * the weights.
 */

import type { ModelConfig } from '../model/types';

export interface MemoryEstimate {
  parameters: number;
  /** The checkpoint file(s), at the dtype named in config.json. */
  downloadBytes: number;
  /** Weights on the backend plus the activations of one forward pass. */
  deviceBytes: number;
  /** The most the page holds at once while loading. */
  peakBytes: number;
  /** Plain sentences for the page; empty when nothing looks risky. */
  warnings: string[];
}

export interface DeviceLimits {
  /** navigator.deviceMemory in GB (Chromium reports at most 8), or null where unknown. */
  deviceMemoryGb: number | null;
  /** WebGL's MAX_TEXTURE_SIZE, or null where WebGL is missing. */
  maxTextureSize: number | null;
}

// Tokens assumed for the activations: a few sentences, the length people usually inspect.
export const TYPICAL_TOKENS = 128;
// A tab rarely gets more than about half of the device's memory before the browser kills it.
const TAB_SHARE = 0.5;
// Without navigator.deviceMemory, warn past what most 32-bit tabs and wasm heaps can address.
const UNKNOWN_DEVICE_LIMIT = 4 * 2 ** 30;
const GIB = 2 ** 30;

/** Parameters of the architecture, counted from the config the way the checkpoints store them. */
export function countParameters(config: ModelConfig): number {
  const h = config.hiddenSize;
  const inner = config.intermediateSize;
  const vocab = config.vocabSize;
  const norm = 2 * h;
  const linear = (inputs: number, outputs: number) => inputs * outputs + outputs;

  const perLayer = 4 * linear(h, h) + linear(h, inner) + linear(inner, h) + 2 * norm;
  const positions = config.maxPositions + config.positionOffset;
  const embeddings = (vocab + positions + config.typeVocabSize) * h;
  // GPT-2 ends in one LayerNorm and reuses the embeddings as its output; the encoders have an
  // embedding LayerNorm and a masked-LM head (transform, LayerNorm, output bias).
  const ends = config.modelType === 'gpt2' ? norm : norm + linear(h, h) + norm + vocab;
  return embeddings + config.numLayers * perLayer + ends;
}

/** Memory for a forward pass over `tokens` tokens with every head's attention read back. */
export function activationBytes(config: ModelConfig, tokens = TYPICAL_TOKENS): number {
  const attention = config.numLayers * config.numHeads * tokens * tokens;
  // The widest intermediate (the MLP) and a few hidden states alive at once in one layer.
  const working = tokens * (config.intermediateSize + 4 * config.hiddenSize);
  const logits = tokens * config.vocabSize;
  // float32, and each result exists on the backend and again as a JavaScript copy.
  return 4 * 2 * (attention + logits) + 4 * working;
}

/** Bytes per stored parameter from config.json's torch_dtype; float32 when it says nothing. */
export function storedBytesPerParameter(rawConfig: unknown): number {
  const dtype = (rawConfig as { torch_dtype?: unknown } | null)?.torch_dtype;
  return dtype === 'float16' || dtype === 'bfloat16' ? 2 : 4;
}

export function estimateMemory(
  config: ModelConfig,
  bytesPerParameter: number,
  limits: DeviceLimits,
  backend: string,
): MemoryEstimate {
  const parameters = countParameters(config);
  const weights = 4 * parameters;
  const downloadBytes = bytesPerParameter * parameters;
  const deviceBytes = weights + activationBytes(config);
  const peakBytes = 2 * downloadBytes + weights + deviceBytes;

  const warnings: string[] = [];
  const budget =
    limits.deviceMemoryGb === null ? UNKNOWN_DEVICE_LIMIT : limits.deviceMemoryGb * GIB * TAB_SHARE;
  if (peakBytes > budget) {
    const device =
      limits.deviceMemoryGb === null
        ? 'more than most browser tabs can use'
        : `more than half of the ${limits.deviceMemoryGb} GB this device reports`;
    warnings.push(
      `Loading needs about ${gigabytes(peakBytes)} at its peak, ${device}; the tab may run ` +
        'out of memory and close. A smaller model or a machine with more memory is safer.',
    );
  }

  const texture = limits.maxTextureSize;
  if (backend === 'webgl' && texture !== null) {
    const largest = largestTensor(config);
    // WebGL keeps a tensor in one 2D texture of four floats per texel, folded into a square
    // when its own shape does not fit; past that square the upload fails.
    const side = Math.ceil(Math.sqrt(largest.size / 4));
    if (side > texture) {
      warnings.push(
        `${largest.name} (${largest.size.toLocaleString('en')} numbers) needs a ${side}-pixel ` +
          `texture but WebGL here allows ${texture}; switch the backend to WASM or CPU.`,
      );
    }
  }
  return { parameters, downloadBytes, deviceBytes, peakBytes, warnings };
}

/**
 * Reads the device's limits in the browser; each is null where the browser does not say. The
 * texture size is read only for the WebGL backend: opening a WebGL context just to ask can take
 * a second on a software renderer.
 */
export function readDeviceLimits(backend: string): DeviceLimits {
  // deviceMemory is Chromium-only and missing from TypeScript's DOM types.
  const nav = globalThis.navigator as (Navigator & { deviceMemory?: number }) | undefined;
  const deviceMemoryGb = typeof nav?.deviceMemory === 'number' ? nav.deviceMemory : null;
  return { deviceMemoryGb, maxTextureSize: backend === 'webgl' ? maxTextureSize() : null };
}

let textureSize: number | null | undefined;

function maxTextureSize(): number | null {
  if (textureSize !== undefined) return textureSize;
  textureSize = null;
  if (typeof document === 'undefined') return textureSize;
  const canvas = document.createElement('canvas');
  const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
  if (gl) {
    textureSize = Number(gl.getParameter(gl.MAX_TEXTURE_SIZE));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
  }
  return textureSize;
}

function largestTensor(config: ModelConfig): { name: string; size: number } {
  const embeddings = config.vocabSize * config.hiddenSize;
  const mlp = config.intermediateSize * config.hiddenSize;
  return embeddings >= mlp
    ? { name: 'The token embedding matrix', size: embeddings }
    : { name: 'An MLP weight matrix', size: mlp };
}

function gigabytes(bytes: number): string {
  return `${(bytes / GIB).toFixed(1)} GB`;
}
