/**
 * The contract between the model code and everything that draws it.
 *
 * Attention is always indexed [layer][head][query][key]: `attention[l][h]` is one head's
 * seqLen x seqLen matrix, stored row-major in a Float32Array (row q, column k at q * seqLen + k).
 * Nothing in this folder imports React or D3.
 */

export type Architecture = 'gpt2' | 'bert' | 'distilbert' | 'roberta';

/** The parts of a Hugging Face `config.json` the forward pass needs, under one set of names. */
export interface ModelConfig {
  modelType: Architecture;
  /** True for left-to-right language models, whose attention is masked above the diagonal. */
  causal: boolean;
  numLayers: number;
  numHeads: number;
  hiddenSize: number;
  headDim: number;
  intermediateSize: number;
  vocabSize: number;
  maxPositions: number;
  layerNormEps: number;
  /** 'gelu_new' is the tanh approximation used by GPT-2; 'gelu' is the exact erf form. */
  activation: 'gelu' | 'gelu_new' | 'relu';
  typeVocabSize: number;
  /** RoBERTa numbers positions from padding_idx + 1; others from 0. */
  positionOffset: number;
}

/** One token as the model sees it. */
export interface Token {
  id: number;
  /** The piece as the tokenizer names it (for GPT-2 style BPE, bytes mapped to printable chars). */
  piece: string;
  /** The piece decoded to the text it stands for, for display ('Ġthe' becomes ' the'). */
  text: string;
  /** Special tokens such as [CLS], [SEP], <|endoftext|>. */
  special: boolean;
}

/** One head's matrix, seqLen x seqLen, row-major. */
export type HeadMatrix = Float32Array;

/** Per-head projections of the selected layer, each [head] -> seqLen x headDim row-major. */
export interface LayerProjections {
  layer: number;
  queries: Float32Array[];
  keys: Float32Array[];
  values: Float32Array[];
}

export interface ForwardOptions {
  /** Layer whose queries, keys and values are returned (default 0). */
  projectionsLayer?: number;
  /** Heads whose output is zeroed, as `${layer}:${head}` strings. */
  ablate?: ReadonlySet<string>;
  /**
   * False skips the language-model head and returns empty logits. Reading back seqLen x vocab
   * numbers (200 MB for GPT-2 at full context) dominates a run when no view needs them.
   */
  logits?: boolean;
}

/** Everything one forward pass over one text returns; every view reads from this. */
export interface ForwardResult {
  tokens: Token[];
  seqLen: number;
  /** attention[layer][head] is a seqLen x seqLen matrix. */
  attention: HeadMatrix[][];
  /**
   * seqLen x vocabSize, row-major: next-token logits (causal) or masked-token logits. Empty
   * (length 0) when the checkpoint has no language-model head; see `hasLanguageModelHead`.
   */
  logits: Float32Array;
  vocabSize: number;
  projections: LayerProjections;
  /**
   * valueNorms[layer][head] holds, for each position, the length of its value vector in that
   * head: what value-weighted attention scales each key by, for every layer.
   */
  valueNorms: Float32Array[][];
  /** True when the text was longer than the model's context and the tail was cut. */
  truncated: boolean;
  /** Number of tokens the full text would have had. */
  fullLength: number;
}

export interface Prediction {
  id: number;
  text: string;
  probability: number;
}

/** An opened model. Created by `load`; the class behind it stays private. */
export interface AttentionModel {
  name: string;
  config: ModelConfig;
  /** Tokenizes the text as the model will see it, special tokens included. */
  tokenize(text: string): Token[];
  /** The text of a list of token ids, for showing predictions. */
  decode(ids: number[]): string;
  /** Runs the model on the text and returns every head's attention. */
  run(text: string, options?: ForwardOptions): Promise<ForwardResult>;
  /** The mask token as typed in text ('[MASK]', '<mask>') for masked models, else null. */
  maskToken: string | null;
  /**
   * False when the checkpoint holds only the encoder (a plain BertModel, say): attention still
   * works, but `run()` returns empty logits and there are no predictions to show.
   */
  hasLanguageModelHead: boolean;
  /** Frees every tensor the model holds. */
  dispose(): void;
}

/** Progress of one file while a model loads; `total` is null when the size is unknown. */
export interface LoadProgress {
  file: string;
  loaded: number;
  total: number | null;
}

/**
 * Where a model's files come from. Both hold the Hugging Face folder layout: `config.json`,
 * `tokenizer.json`, optional `tokenizer_config.json`, and `model.safetensors` or
 * `model.safetensors.index.json` with its shards.
 */
export type ModelSource =
  | {
      kind: 'url';
      /** Folder URL; file names are appended to it. */
      baseUrl: string;
      name?: string;
      /** Replaces the global fetch, e.g. to add caching or authentication. */
      fetch?: typeof fetch;
    }
  | {
      kind: 'files';
      /** Keyed by file name; folder paths in the keys are ignored. */
      files: Map<string, Blob | ArrayBuffer>;
      name: string;
    };

export interface LoadOptions {
  onProgress?: (progress: LoadProgress) => void;
  signal?: AbortSignal;
}
