/**
 * The GPT-2 forward pass in plain TypeScript: float32 arrays and loops written straight from
 * the equations, no library. It is the yardstick the benchmark holds the TensorFlow.js backends
 * against, and it reads the same host weights the model loader produces.
 */
import type { HostTensor } from '../../src/model/safetensors';
import type { Linear, ModelWeights, Norm } from '../../src/model/weights';
import type { ModelConfig } from '../../src/model/types';

export interface ReferenceResult {
  /** attention[layer][head]: seqLen x seqLen row-major, [query][key]. */
  attention: Float32Array[][];
  /** seqLen x vocabSize. */
  logits: Float32Array;
}

/** x [rows, in] times a [in, out] weight plus bias: [rows, out]. */
function linear(x: Float32Array, rows: number, { weight, bias }: Linear<HostTensor>) {
  const [inputs, outputs] = weight.shape;
  const out = new Float32Array(rows * outputs);
  for (let r = 0; r < rows; r++) {
    for (let o = 0; o < outputs; o++) {
      let sum = bias.data[o];
      for (let i = 0; i < inputs; i++) sum += x[r * inputs + i] * weight.data[i * outputs + o];
      out[r * outputs + o] = sum;
    }
  }
  return out;
}

function layerNorm(x: Float32Array, rows: number, { gamma, beta }: Norm<HostTensor>, eps: number) {
  const width = gamma.data.length;
  const out = new Float32Array(x.length);
  for (let r = 0; r < rows; r++) {
    let mean = 0;
    for (let i = 0; i < width; i++) mean += x[r * width + i];
    mean /= width;
    let variance = 0;
    for (let i = 0; i < width; i++) variance += (x[r * width + i] - mean) ** 2;
    variance /= width;
    const scale = 1 / Math.sqrt(variance + eps);
    for (let i = 0; i < width; i++) {
      out[r * width + i] = (x[r * width + i] - mean) * scale * gamma.data[i] + beta.data[i];
    }
  }
  return out;
}

/** GPT-2's tanh approximation of GELU. */
function geluNew(x: Float32Array) {
  const c = Math.sqrt(2 / Math.PI);
  return x.map((v) => 0.5 * v * (1 + Math.tanh(c * (v + 0.044715 * v ** 3))));
}

/** Runs a GPT-2 checkpoint on `ids`; ablation and encoders are left to the real model. */
export function referenceGpt2(
  w: ModelWeights<HostTensor>,
  config: ModelConfig,
  ids: number[],
): ReferenceResult {
  if (config.modelType !== 'gpt2' || !w.head || !w.finalNorm) {
    throw new Error('reference: only GPT-2 checkpoints with a language-model head are covered.');
  }
  const { hiddenSize: d, numHeads, headDim, layerNormEps: eps, vocabSize } = config;
  const T = ids.length;

  // [T, d]: token plus position embedding.
  let x = new Float32Array(T * d);
  for (let t = 0; t < T; t++) {
    for (let i = 0; i < d; i++) {
      x[t * d + i] = w.tokenEmbeddings.data[ids[t] * d + i] + w.positionEmbeddings.data[t * d + i];
    }
  }

  const attention: Float32Array[][] = [];
  for (const layer of w.layers) {
    const h = layerNorm(x, T, layer.attentionNorm, eps);
    // Each [T, d]; head n owns columns n * headDim to (n + 1) * headDim.
    const q = linear(h, T, layer.query);
    const k = linear(h, T, layer.key);
    const v = linear(h, T, layer.value);
    const context = new Float32Array(T * d);
    const heads: Float32Array[] = [];
    for (let n = 0; n < numHeads; n++) {
      const probs = new Float32Array(T * T);
      for (let a = 0; a < T; a++) {
        // Causal: query a sees keys 0..a only; the rest stay 0.
        let max = -Infinity;
        for (let b = 0; b <= a; b++) {
          let dot = 0;
          for (let i = 0; i < headDim; i++) {
            dot += q[a * d + n * headDim + i] * k[b * d + n * headDim + i];
          }
          probs[a * T + b] = dot / Math.sqrt(headDim);
          max = Math.max(max, probs[a * T + b]);
        }
        let total = 0;
        for (let b = 0; b <= a; b++) {
          probs[a * T + b] = Math.exp(probs[a * T + b] - max);
          total += probs[a * T + b];
        }
        for (let b = 0; b <= a; b++) probs[a * T + b] /= total;
        for (let i = 0; i < headDim; i++) {
          let sum = 0;
          for (let b = 0; b <= a; b++) sum += probs[a * T + b] * v[b * d + n * headDim + i];
          context[a * d + n * headDim + i] = sum;
        }
      }
      heads.push(probs);
    }
    attention.push(heads);
    const attended = linear(context, T, layer.output);
    x = x.map((value, i) => value + attended[i]);

    const hidden = geluNew(linear(layerNorm(x, T, layer.ffnNorm, eps), T, layer.ffnIn));
    const mlp = linear(hidden, T, layer.ffnOut);
    x = x.map((value, i) => value + mlp[i]);
  }

  // [T, d] x [vocab, d]^T -> [T, vocab]
  const final = layerNorm(x, T, w.finalNorm, eps);
  const decoder = w.head.decoder.data;
  const logits = new Float32Array(T * vocabSize);
  for (let t = 0; t < T; t++) {
    for (let token = 0; token < vocabSize; token++) {
      let sum = 0;
      for (let i = 0; i < d; i++) sum += final[t * d + i] * decoder[token * d + i];
      logits[t * vocabSize + token] = sum;
    }
  }
  return { attention, logits };
}
