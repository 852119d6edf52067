/**
 * Writes a randomly initialised checkpoint of GPT-2 small's shape (124M parameters, float32,
 * about 500 MB) in the Hugging Face layout. Weights are streamed to disk tensor by tensor, so the
 * writer never holds the whole file. The tokenizer is the tests' small byte-level one: its ids
 * are all below GPT-2's vocabulary size, which is all the forward pass needs.
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { gpt2Tokenizer } from '../../tests/fixtures/tinyTokenizers';

export const GPT2_SMALL = {
  model_type: 'gpt2',
  n_layer: 12,
  n_head: 12,
  n_embd: 768,
  n_positions: 1024,
  vocab_size: 50257,
  n_inner: null,
  layer_norm_epsilon: 1e-5,
  activation_function: 'gelu_new',
};

interface Spec {
  name: string;
  shape: number[];
  /** Values are centre ± spread, uniform. */
  centre: number;
  spread: number;
}

// GPT-2 initialises weights with standard deviation 0.02; a uniform spread of 0.035 matches it.
const WEIGHT = 0.035;
const CHUNK = 1 << 20;

function specs(): Spec[] {
  const d = GPT2_SMALL.n_embd;
  const list: Spec[] = [];
  const weight = (name: string, shape: number[]) =>
    list.push({ name, shape, centre: 0, spread: WEIGHT });
  const bias = (name: string, size: number) =>
    list.push({ name, shape: [size], centre: 0, spread: 0.01 });
  const norm = (name: string) => {
    list.push({ name: `${name}.weight`, shape: [d], centre: 1, spread: 0.01 });
    bias(`${name}.bias`, d);
  };
  weight('wte.weight', [GPT2_SMALL.vocab_size, d]);
  weight('wpe.weight', [GPT2_SMALL.n_positions, d]);
  for (let i = 0; i < GPT2_SMALL.n_layer; i++) {
    const p = `h.${i}`;
    norm(`${p}.ln_1`);
    // Conv1D layout, [in, out], as GPT-2 stores it.
    weight(`${p}.attn.c_attn.weight`, [d, 3 * d]);
    bias(`${p}.attn.c_attn.bias`, 3 * d);
    weight(`${p}.attn.c_proj.weight`, [d, d]);
    bias(`${p}.attn.c_proj.bias`, d);
    norm(`${p}.ln_2`);
    weight(`${p}.mlp.c_fc.weight`, [d, 4 * d]);
    bias(`${p}.mlp.c_fc.bias`, 4 * d);
    weight(`${p}.mlp.c_proj.weight`, [4 * d, d]);
    bias(`${p}.mlp.c_proj.bias`, d);
  }
  norm('ln_f');
  return list;
}

/** Writes the folder and returns the number of parameters and the checkpoint's size. */
export function writeGpt2Small(folder: string): { parameters: number; bytes: number } {
  mkdirSync(folder, { recursive: true });
  const list = specs();
  const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
  let offset = 0;
  for (const s of list) {
    const bytes = 4 * s.shape.reduce((a, b) => a * b, 1);
    header[s.name] = { dtype: 'F32', shape: s.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  // Padded to a multiple of 8 so the data stays aligned, as the format asks.
  json += ' '.repeat((8 - (json.length % 8)) % 8);
  const headerBytes = Buffer.from(json);

  const file = openSync(join(folder, 'model.safetensors'), 'w');
  try {
    const length = Buffer.alloc(8);
    length.writeBigUInt64LE(BigInt(headerBytes.length));
    writeSync(file, length);
    writeSync(file, headerBytes);
    let state = 0x9e3779b9;
    const chunk = new Float32Array(CHUNK);
    for (const s of list) {
      let left = s.shape.reduce((a, b) => a * b, 1);
      while (left > 0) {
        const n = Math.min(left, CHUNK);
        for (let i = 0; i < n; i++) {
          // xorshift32: plenty random for weights nobody reads, and fast.
          state ^= state << 13;
          state ^= state >>> 17;
          state ^= state << 5;
          chunk[i] = s.centre + s.spread * (2 * ((state >>> 0) / 4294967296) - 1);
        }
        writeSync(file, new Uint8Array(chunk.buffer, 0, 4 * n));
        left -= n;
      }
    }
  } finally {
    closeSync(file);
  }

  writeFileSync(join(folder, 'config.json'), JSON.stringify(GPT2_SMALL, null, 1));
  writeFileSync(join(folder, 'tokenizer.json'), JSON.stringify(gpt2Tokenizer()));
  writeFileSync(join(folder, 'tokenizer_config.json'), '{"eos_token": "<|endoftext|>"}');
  return { parameters: offset / 4, bytes: 8 + headerBytes.length + offset };
}
