/**
 * Finds a checkpoint's parameters by their Hugging Face names, with or without the base-model
 * prefix, checks every shape against the config, and fills the shared layout of layout.ts.
 */

import type { LanguageModelHead, LayerWeights, Linear, ModelWeights, Norm } from './layout';
import type { HostTensor, StoredTensor } from './safetensors';
import type { ModelConfig } from './types';

// So that callers of collectWeights can name what it returns without a second import.
export type { LanguageModelHead, LayerWeights, Linear, ModelWeights, Norm } from './layout';

const PREFIXES: Record<ModelConfig['modelType'], string[]> = {
  gpt2: ['', 'transformer.'],
  bert: ['', 'bert.'],
  distilbert: ['', 'distilbert.'],
  roberta: ['', 'roberta.'],
};

/**
 * Collects and validates the weights; `checkpoint` names the file (or shard index) in errors
 * about missing parameters, while shape errors name the file that holds the tensor.
 */
export function collectWeights(
  tensors: ReadonlyMap<string, StoredTensor>,
  config: ModelConfig,
  checkpoint: string,
): ModelWeights {
  const find = finder(tensors, PREFIXES[config.modelType], checkpoint);
  return config.modelType === 'gpt2' ? gpt2Weights(find, config) : encoderWeights(find, config);
}

type Finder = ReturnType<typeof finder>;

function finder(
  tensors: ReadonlyMap<string, StoredTensor>,
  prefixes: string[],
  checkpoint: string,
) {
  const lookup = (name: string): StoredTensor | undefined => {
    // Checkpoints converted from TensorFlow still call LayerNorm parameters gamma and beta.
    const aliases = [name, name.replace(/\.weight$/, '.gamma'), name.replace(/\.bias$/, '.beta')];
    for (const alias of aliases) {
      for (const prefix of prefixes) {
        const tensor = tensors.get(prefix + alias);
        if (tensor) return tensor;
      }
    }
    return undefined;
  };

  const read = (tensor: StoredTensor, shape: number[]): HostTensor => {
    if (tensor.shape.length !== shape.length || tensor.shape.some((d, i) => d !== shape[i])) {
      throw new Error(
        `${tensor.file}: parameter "${tensor.name}" has shape [${tensor.shape.join(', ')}] but ` +
          `config.json implies [${shape.join(', ')}].`,
      );
    }
    return tensor.read();
  };

  const optional = (name: string, shape: number[]): HostTensor | null => {
    const tensor = lookup(name);
    return tensor ? read(tensor, shape) : null;
  };

  const required = (name: string, shape: number[]): HostTensor => {
    const tensor = lookup(name);
    if (!tensor) {
      const tried = prefixes.map((p) => `"${p}${name}"`).join(' or ');
      throw new Error(`${checkpoint}: missing parameter ${tried}.`);
    }
    return read(tensor, shape);
  };

  const norm = (name: string, width: number): Norm => ({
    gamma: required(`${name}.weight`, [width]),
    beta: required(`${name}.bias`, [width]),
  });

  /** A PyTorch nn.Linear, stored [out, in]. */
  const linear = (name: string, inputs: number, outputs: number): Linear => ({
    weight: transpose(required(`${name}.weight`, [outputs, inputs])),
    bias: required(`${name}.bias`, [outputs]),
  });

  /** GPT-2's Conv1D, already stored [in, out]. */
  const conv1d = (name: string, inputs: number, outputs: number): Linear => ({
    weight: required(`${name}.weight`, [inputs, outputs]),
    bias: required(`${name}.bias`, [outputs]),
  });

  return {
    has: (name: string) => lookup(name) !== undefined,
    optional,
    required,
    norm,
    linear,
    conv1d,
  };
}

function gpt2Weights(find: Finder, config: ModelConfig): ModelWeights {
  const { hiddenSize: d, intermediateSize: inner, vocabSize, maxPositions } = config;
  const tokenEmbeddings = find.required('wte.weight', [vocabSize, d]);
  const layers: LayerWeights[] = [];
  for (let i = 0; i < config.numLayers; i++) {
    const p = `h.${i}`;
    // c_attn packs query, key and value side by side: [d, 3d].
    const [query, key, value] = splitColumns(find.conv1d(`${p}.attn.c_attn`, d, 3 * d), 3);
    layers.push({
      query,
      key,
      value,
      output: find.conv1d(`${p}.attn.c_proj`, d, d),
      attentionNorm: find.norm(`${p}.ln_1`, d),
      ffnIn: find.conv1d(`${p}.mlp.c_fc`, d, inner),
      ffnOut: find.conv1d(`${p}.mlp.c_proj`, inner, d),
      ffnNorm: find.norm(`${p}.ln_2`, d),
    });
  }
  return {
    tokenEmbeddings,
    positionEmbeddings: find.required('wpe.weight', [maxPositions, d]),
    typeEmbeddings: null,
    embeddingNorm: null,
    finalNorm: find.norm('ln_f', d),
    layers,
    head: {
      transform: null,
      transformNorm: null,
      decoder: find.optional('lm_head.weight', [vocabSize, d]) ?? tokenEmbeddings,
      bias: null,
    },
  };
}

function encoderWeights(find: Finder, config: ModelConfig): ModelWeights {
  const { hiddenSize: d, intermediateSize: inner, vocabSize } = config;
  const distil = config.modelType === 'distilbert';
  const tokenEmbeddings = find.required('embeddings.word_embeddings.weight', [vocabSize, d]);
  const positionRows = config.maxPositions + config.positionOffset;

  const layers: LayerWeights[] = [];
  for (let i = 0; i < config.numLayers; i++) {
    if (distil) {
      const p = `transformer.layer.${i}`;
      layers.push({
        query: find.linear(`${p}.attention.q_lin`, d, d),
        key: find.linear(`${p}.attention.k_lin`, d, d),
        value: find.linear(`${p}.attention.v_lin`, d, d),
        output: find.linear(`${p}.attention.out_lin`, d, d),
        attentionNorm: find.norm(`${p}.sa_layer_norm`, d),
        ffnIn: find.linear(`${p}.ffn.lin1`, d, inner),
        ffnOut: find.linear(`${p}.ffn.lin2`, inner, d),
        ffnNorm: find.norm(`${p}.output_layer_norm`, d),
      });
    } else {
      const p = `encoder.layer.${i}`;
      layers.push({
        query: find.linear(`${p}.attention.self.query`, d, d),
        key: find.linear(`${p}.attention.self.key`, d, d),
        value: find.linear(`${p}.attention.self.value`, d, d),
        output: find.linear(`${p}.attention.output.dense`, d, d),
        attentionNorm: find.norm(`${p}.attention.output.LayerNorm`, d),
        ffnIn: find.linear(`${p}.intermediate.dense`, d, inner),
        ffnOut: find.linear(`${p}.output.dense`, inner, d),
        ffnNorm: find.norm(`${p}.output.LayerNorm`, d),
      });
    }
  }

  return {
    tokenEmbeddings,
    positionEmbeddings: find.required('embeddings.position_embeddings.weight', [positionRows, d]),
    typeEmbeddings: distil
      ? null
      : find.required('embeddings.token_type_embeddings.weight', [config.typeVocabSize, d]),
    embeddingNorm: find.norm('embeddings.LayerNorm', d),
    finalNorm: null,
    layers,
    head: encoderHead(find, config, tokenEmbeddings),
  };
}

/** Names of each encoder's masked-language-model head; a bare encoder has none of them. */
const HEAD_NAMES = {
  bert: [
    'cls.predictions.transform.dense',
    'cls.predictions.transform.LayerNorm',
    'cls.predictions.decoder',
    'cls.predictions.bias',
  ],
  distilbert: ['vocab_transform', 'vocab_layer_norm', 'vocab_projector', 'vocab_projector.bias'],
  roberta: ['lm_head.dense', 'lm_head.layer_norm', 'lm_head.decoder', 'lm_head.bias'],
};

function encoderHead(
  find: Finder,
  config: ModelConfig,
  tokenEmbeddings: HostTensor,
): LanguageModelHead | null {
  const { hiddenSize: d, vocabSize } = config;
  const names = HEAD_NAMES[config.modelType as keyof typeof HEAD_NAMES];
  const [dense, norm, decoder, bias] = names;
  if (!find.has(`${dense}.weight`)) return null;
  return {
    transform: find.linear(dense, d, d),
    transformNorm: find.norm(norm, d),
    decoder: find.optional(`${decoder}.weight`, [vocabSize, d]) ?? tokenEmbeddings,
    bias: find.optional(bias, [vocabSize]) ?? find.required(`${decoder}.bias`, [vocabSize]),
  };
}

/** [rows, cols] to [cols, rows]. */
function transpose({ data, shape }: HostTensor): HostTensor {
  const [rows, cols] = shape;
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c];
  }
  return { data: out, shape: [cols, rows] };
}

/** Splits a [in, parts * width] linear layer into `parts` layers of [in, width]. */
function splitColumns({ weight, bias }: Linear, parts: number): Linear[] {
  const [rows, cols] = weight.shape;
  const width = cols / parts;
  return Array.from({ length: parts }, (_, part) => {
    const w = new Float32Array(rows * width);
    for (let r = 0; r < rows; r++) {
      w.set(
        weight.data.subarray(r * cols + part * width, r * cols + (part + 1) * width),
        r * width,
      );
    }
    return {
      weight: { data: w, shape: [rows, width] },
      bias: { data: bias.data.slice(part * width, (part + 1) * width), shape: [width] },
    };
  });
}
