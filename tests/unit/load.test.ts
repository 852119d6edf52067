/**
 * Opening model folders from files and URLs, and the message each broken folder gives: it must
 * name the file and what is wrong.
 */

import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/model/load';
import { asFilesSource, tinyCheckpoint } from '../fixtures/tinyCheckpoints';
import { encodeSafetensors } from '../fixtures/safetensorsWriter';
import type { TinyCheckpoint } from '../fixtures/tinyCheckpoints';
import type { LoadProgress } from '../../src/model/types';

/** A fetch that serves a checkpoint's files under http://models.test/tiny/, 404 otherwise. */
function fakeFetch(checkpoint: TinyCheckpoint, requested: string[] = []): typeof fetch {
  return async (input) => {
    const url = String(input);
    requested.push(url);
    const bytes = checkpoint.files.get(url.replace('http://models.test/tiny/', ''));
    if (!bytes) return new Response('not found', { status: 404 });
    return new Response(bytes.slice(), { headers: { 'content-length': String(bytes.length) } });
  };
}

/** The checkpoint with some files replaced (or removed, with null). */
function edited(checkpoint: TinyCheckpoint, changes: Record<string, Uint8Array | object | null>) {
  const files = new Map(checkpoint.files);
  for (const [name, value] of Object.entries(changes)) {
    if (value === null) files.delete(name);
    else
      files.set(
        name,
        value instanceof Uint8Array ? value : new TextEncoder().encode(JSON.stringify(value)),
      );
  }
  return asFilesSource({ ...checkpoint, files });
}

describe('loading from a URL', () => {
  it('fetches the folder through the given fetch and reports progress per file', async () => {
    const checkpoint = tinyCheckpoint('gpt2');
    const requested: string[] = [];
    const progress: LoadProgress[] = [];
    const model = await loadModel(
      { kind: 'url', baseUrl: 'http://models.test/tiny', fetch: fakeFetch(checkpoint, requested) },
      { onProgress: (p) => progress.push(p) },
    );
    expect(model.name).toBe('tiny');
    expect(requested).toContain('http://models.test/tiny/model.safetensors');
    const last = progress.filter((p) => p.file === 'model.safetensors').at(-1);
    expect(last?.loaded).toBe(checkpoint.files.get('model.safetensors')!.length);
    expect(last?.total).toBe(last?.loaded);
    expect((await model.run('The cat')).seqLen).toBe(3);
    model.dispose();
  });

  it('follows a shard index when there is no single model.safetensors', async () => {
    const checkpoint = tinyCheckpoint('bert', { shards: 3 });
    const model = await loadModel({
      kind: 'url',
      baseUrl: 'http://models.test/tiny/',
      fetch: fakeFetch(checkpoint),
    });
    expect(model.config.modelType).toBe('bert');
    model.dispose();
  });

  it('reports a server error with the file and status', async () => {
    const failing: typeof fetch = async () => new Response('', { status: 500 });
    await expect(
      loadModel({ kind: 'url', baseUrl: 'http://models.test/x', fetch: failing }),
    ).rejects.toThrow('config.json: the server answered 500 for http://models.test/x/config.json.');
  });
});

describe('cancelling', () => {
  it('stops with the abort reason once the signal fires', async () => {
    const checkpoint = tinyCheckpoint('gpt2');
    const controller = new AbortController();
    const load = loadModel(asFilesSource(checkpoint), {
      signal: controller.signal,
      onProgress: (p) => p.file === 'tokenizer.json' && controller.abort(new Error('cancelled')),
    });
    await expect(load).rejects.toThrow('cancelled');
  });
});

describe('a GPT-2 tokenizer that adds no start token, as the Hub gpt2 ships', () => {
  it('gives an empty result for empty text instead of running on nothing', async () => {
    const checkpoint = tinyCheckpoint('gpt2');
    const tokenizer = JSON.parse(new TextDecoder().decode(checkpoint.files.get('tokenizer.json')));
    tokenizer.post_processor = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true };
    const model = await loadModel(edited(checkpoint, { 'tokenizer.json': tokenizer }));
    expect(model.tokenize('The cat').map((t) => t.piece)).toEqual(['The', 'Ġcat']);
    const empty = await model.run('');
    expect(empty.seqLen).toBe(0);
    expect(empty.attention).toHaveLength(2);
    expect(empty.attention[0][0]).toHaveLength(0);
    model.dispose();
  });
});

describe('older checkpoint names', () => {
  it('reads LayerNorm gamma and beta, as checkpoints converted from TensorFlow name them', async () => {
    const checkpoint = tinyCheckpoint('bert', { prefix: true });
    const renamed = [...checkpoint.params.values()].map((p) => ({
      ...p,
      name: p.name
        .replace(/LayerNorm\.weight$/, 'LayerNorm.gamma')
        .replace(/LayerNorm\.bias$/, 'LayerNorm.beta'),
    }));
    expect(renamed.some((p) => p.name.endsWith('.gamma'))).toBe(true);
    const plain = await loadModel(asFilesSource(checkpoint));
    const old = await loadModel(
      edited(checkpoint, { 'model.safetensors': encodeSafetensors(renamed, 'F32') }),
    );
    const [a, b] = await Promise.all([plain.run('the cat'), old.run('the cat')]);
    expect(Array.from(b.logits)).toEqual(Array.from(a.logits));
    plain.dispose();
    old.dispose();
  });
});

describe('loading dropped files', () => {
  it('ignores folder paths in the file names and works without tokenizer_config.json', async () => {
    const checkpoint = tinyCheckpoint('distilbert');
    const files = new Map<string, ArrayBuffer>();
    for (const [name, bytes] of checkpoint.files) {
      if (name !== 'tokenizer_config.json') files.set(`my-model/${name}`, bytes.slice().buffer);
    }
    const model = await loadModel({ kind: 'files', files, name: 'my-model' });
    expect(model.maskToken).toBe('[MASK]');
    expect(model.tokenize('the cat').map((t) => t.piece)).toEqual(['[CLS]', 'the', 'cat', '[SEP]']);
    expect(model.decode([62, 63])).toBe('the cat');
    model.dispose();
  });
});

describe('broken folders', () => {
  const gpt2 = tinyCheckpoint('gpt2', { prefix: true });
  const weights = gpt2.files.get('model.safetensors')!;

  it.each([
    ['config.json', /^config\.json: not found in tiny-gpt2\.$/],
    ['tokenizer.json', /^tokenizer\.json: not found in tiny-gpt2\.$/],
    ['model.safetensors', /^model\.safetensors: not found in tiny-gpt2 \(nor a sharded/],
  ])('names a missing %s', async (file, message) => {
    await expect(loadModel(edited(gpt2, { [file]: null }))).rejects.toThrow(message);
  });

  it('names a shard the index lists but the folder lacks', async () => {
    const sharded = tinyCheckpoint('roberta', { shards: 2 });
    const shard = [...sharded.files.keys()].find((f) => f.startsWith('model-00002'))!;
    await expect(loadModel(edited(sharded, { [shard]: null }))).rejects.toThrow(
      `${shard}: listed in model.safetensors.index.json but not found in tiny-roberta.`,
    );
  });

  it('names a truncated model.safetensors', async () => {
    const cut = weights.slice(0, Math.floor(weights.length / 2));
    await expect(loadModel(edited(gpt2, { 'model.safetensors': cut }))).rejects.toThrow(
      /^model\.safetensors: tensor ".*" spans bytes .* the file is truncated or corrupt\.$/,
    );
  });

  it('names an unsupported dtype and the parameter that has it', async () => {
    const params = [...gpt2.params.values()].filter((p) => p.name !== 'transformer.wte.weight');
    const wte = gpt2.params.get('transformer.wte.weight')!;
    const raw = [
      {
        name: wte.name,
        shape: wte.shape,
        dtype: 'I32',
        bytes: new Uint8Array(wte.data.length * 4),
      },
    ];
    const file = encodeSafetensors(params, 'F32', raw);
    await expect(loadModel(edited(gpt2, { 'model.safetensors': file }))).rejects.toThrow(
      'model.safetensors: tensor "transformer.wte.weight" has dtype I32; ' +
        'supported dtypes are F32, F16, BF16.',
    );
  });

  it('names an unsupported model_type and lists the supported ones', async () => {
    const config = { ...gpt2.config, model_type: 't5' };
    await expect(loadModel(edited(gpt2, { 'config.json': config }))).rejects.toThrow(
      'config.json: model_type "t5" is not supported; ' +
        'supported types are gpt2, bert, distilbert, roberta.',
    );
  });

  it('names the file, parameter and both shapes on a mismatch', async () => {
    const config = { ...gpt2.config, n_positions: 64 };
    await expect(loadModel(edited(gpt2, { 'config.json': config }))).rejects.toThrow(
      'model.safetensors: parameter "transformer.wpe.weight" has shape [40, 32] ' +
        'but config.json implies [64, 32].',
    );
  });

  it('names the shard that holds a mis-shaped parameter', async () => {
    const sharded = tinyCheckpoint('roberta', { shards: 2, prefix: true });
    const config = { ...sharded.config, intermediate_size: 100 };
    const index = sharded.files.get('model.safetensors.index.json')!;
    const { weight_map } = JSON.parse(new TextDecoder().decode(index));
    const name = 'roberta.encoder.layer.0.intermediate.dense.weight';
    await expect(loadModel(edited(sharded, { 'config.json': config }))).rejects.toThrow(
      `${weight_map[name]}: parameter "${name}" has shape [96, 32] ` +
        'but config.json implies [100, 32].',
    );
  });

  it('names a missing parameter with the names it tried', async () => {
    const params = [...gpt2.params.values()].filter((p) => p.name !== 'transformer.h.1.ln_2.bias');
    const file = encodeSafetensors(params, 'F32');
    await expect(loadModel(edited(gpt2, { 'model.safetensors': file }))).rejects.toThrow(
      'model.safetensors: missing parameter "h.1.ln_2.bias" or "transformer.h.1.ln_2.bias".',
    );
  });

  it('refuses a tokenizer whose ids do not fit the vocabulary', async () => {
    const config = { ...gpt2.config, vocab_size: 100 };
    await expect(loadModel(edited(gpt2, { 'config.json': config }))).rejects.toThrow(
      /^tokenizer\.json: produces ids up to 286 but config\.json sets vocab_size 100/,
    );
  });

  it('names config.json when it is not JSON', async () => {
    await expect(
      loadModel(edited(gpt2, { 'config.json': new TextEncoder().encode('{oops') })),
    ).rejects.toThrow(/^config\.json: not valid JSON/);
  });
});
