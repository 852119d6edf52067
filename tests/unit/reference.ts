/**
 * An independent forward pass of GPT-2 and the BERT family in float64, written plainly with loops
 * straight from the equations and reading the Hugging Face names and layouts itself. It shares no
 * code with src/model, so agreement with it means something.
 */

import {
  add,
  columns,
  conv1d,
  embed,
  geluErf,
  geluTanh,
  layerNorm,
  linearOutIn,
  map,
  relu,
  zeros,
} from './referenceMath';
import type { Matrix, RefParam } from './referenceMath';

export type { RefParam };

export interface RefResult {
  /** attention[layer][head]: seqLen x seqLen row-major. */
  attention: Float64Array[][];
  /** seqLen x vocab, or null without a head. */
  logits: Float64Array | null;
  /** Per layer: queries, keys, values, each [head] -> seqLen x headDim. */
  projections: { q: Float64Array[]; k: Float64Array[]; v: Float64Array[] }[];
}

type Config = Record<string, number | string | null>;

export function referenceForward(
  config: Config,
  stored: Map<string, RefParam>,
  ids: number[],
  ablate: Set<string> = new Set(),
): RefResult {
  // Strip the base-model prefix so one set of names serves both storage styles.
  const prefix = config.model_type === 'gpt2' ? 'transformer.' : `${config.model_type}.`;
  const params = new Map<string, RefParam>();
  for (const [name, p] of stored) {
    params.set(name.startsWith(prefix) ? name.slice(prefix.length) : name, p);
  }
  const get = (name: string): RefParam => {
    const p = params.get(name);
    if (!p) throw new Error(`reference: missing ${name}`);
    return p;
  };
  return config.model_type === 'gpt2'
    ? gpt2(config, get, params, ids, ablate)
    : encoder(config, get, params, ids, ablate);
}

type Get = (name: string) => RefParam;

function gpt2(
  config: Config,
  get: Get,
  params: Map<string, RefParam>,
  ids: number[],
  ablate: Set<string>,
) {
  const layers = config.n_layer as number;
  const heads = config.n_head as number;
  const eps = config.layer_norm_epsilon as number;
  const wte = get('wte.weight');
  const d = wte.shape[1];
  let x = embed(
    ids,
    wte,
    get('wpe.weight'),
    ids.map((_, i) => i),
  );

  const attention: Float64Array[][] = [];
  const projections: RefResult['projections'] = [];
  for (let l = 0; l < layers; l++) {
    const p = `h.${l}`;
    const h = layerNorm(x, get(`${p}.ln_1.weight`), get(`${p}.ln_1.bias`), eps);
    // Conv1D stores [in, out]; c_attn holds query, key and value side by side.
    const qkv = conv1d(h, get(`${p}.attn.c_attn.weight`), get(`${p}.attn.c_attn.bias`));
    const q = columns(qkv, 0, d);
    const k = columns(qkv, d, 2 * d);
    const v = columns(qkv, 2 * d, 3 * d);
    const att = attend(q, k, v, heads, true, l, ablate);
    attention.push(att.probs);
    projections.push(att.projections);
    x = add(x, conv1d(att.context, get(`${p}.attn.c_proj.weight`), get(`${p}.attn.c_proj.bias`)));

    const h2 = layerNorm(x, get(`${p}.ln_2.weight`), get(`${p}.ln_2.bias`), eps);
    const inner = map(conv1d(h2, get(`${p}.mlp.c_fc.weight`), get(`${p}.mlp.c_fc.bias`)), geluTanh);
    x = add(x, conv1d(inner, get(`${p}.mlp.c_proj.weight`), get(`${p}.mlp.c_proj.bias`)));
  }
  x = layerNorm(x, get('ln_f.weight'), get('ln_f.bias'), eps);
  const decoder = params.get('lm_head.weight') ?? wte;
  return { attention, projections, logits: linearOutIn(x, decoder, null).data };
}

function encoder(
  config: Config,
  get: Get,
  params: Map<string, RefParam>,
  ids: number[],
  ablate: Set<string>,
) {
  const distil = config.model_type === 'distilbert';
  const roberta = config.model_type === 'roberta';
  const layers = (distil ? config.n_layers : config.num_hidden_layers) as number;
  const heads = (distil ? config.n_heads : config.num_attention_heads) as number;
  const eps = distil ? 1e-12 : (config.layer_norm_eps as number);
  const act =
    ((distil ? config.activation : config.hidden_act) as string) === 'relu' ? relu : geluErf;

  // RoBERTa: non-padding tokens count up from padding index + 1.
  const pad = config.pad_token_id as number;
  let seen = 0;
  const positions = ids.map((id, i) => (roberta ? (id === pad ? pad : pad + ++seen) : i));
  let x = embed(
    ids,
    get('embeddings.word_embeddings.weight'),
    get('embeddings.position_embeddings.weight'),
    positions,
  );
  if (!distil) {
    const types = get('embeddings.token_type_embeddings.weight');
    for (let i = 0; i < x.rows; i++) {
      for (let j = 0; j < x.cols; j++) x.data[i * x.cols + j] += types.data[j];
    }
  }
  x = layerNorm(x, get('embeddings.LayerNorm.weight'), get('embeddings.LayerNorm.bias'), eps);

  const attention: Float64Array[][] = [];
  const projections: RefResult['projections'] = [];
  for (let l = 0; l < layers; l++) {
    const n = distil
      ? {
          q: `transformer.layer.${l}.attention.q_lin`,
          k: `transformer.layer.${l}.attention.k_lin`,
          v: `transformer.layer.${l}.attention.v_lin`,
          o: `transformer.layer.${l}.attention.out_lin`,
          ln1: `transformer.layer.${l}.sa_layer_norm`,
          f1: `transformer.layer.${l}.ffn.lin1`,
          f2: `transformer.layer.${l}.ffn.lin2`,
          ln2: `transformer.layer.${l}.output_layer_norm`,
        }
      : {
          q: `encoder.layer.${l}.attention.self.query`,
          k: `encoder.layer.${l}.attention.self.key`,
          v: `encoder.layer.${l}.attention.self.value`,
          o: `encoder.layer.${l}.attention.output.dense`,
          ln1: `encoder.layer.${l}.attention.output.LayerNorm`,
          f1: `encoder.layer.${l}.intermediate.dense`,
          f2: `encoder.layer.${l}.output.dense`,
          ln2: `encoder.layer.${l}.output.LayerNorm`,
        };
    const lin = (name: string, input: Matrix) =>
      linearOutIn(input, get(`${name}.weight`), get(`${name}.bias`));
    const att = attend(lin(n.q, x), lin(n.k, x), lin(n.v, x), heads, false, l, ablate);
    attention.push(att.probs);
    projections.push(att.projections);
    x = layerNorm(add(x, lin(n.o, att.context)), get(`${n.ln1}.weight`), get(`${n.ln1}.bias`), eps);
    const ffn = lin(n.f2, map(lin(n.f1, x), act));
    x = layerNorm(add(x, ffn), get(`${n.ln2}.weight`), get(`${n.ln2}.bias`), eps);
  }

  const [dense, norm, bias] = distil
    ? ['vocab_transform', 'vocab_layer_norm', 'vocab_projector.bias']
    : roberta
      ? ['lm_head.dense', 'lm_head.layer_norm', 'lm_head.bias']
      : [
          'cls.predictions.transform.dense',
          'cls.predictions.transform.LayerNorm',
          'cls.predictions.bias',
        ];
  if (!params.has(`${dense}.weight`)) return { attention, projections, logits: null };
  let h = map(
    linearOutIn(x, get(`${dense}.weight`), get(`${dense}.bias`)),
    roberta ? geluErf : act,
  );
  h = layerNorm(h, get(`${norm}.weight`), get(`${norm}.bias`), eps);
  const logits = linearOutIn(h, get('embeddings.word_embeddings.weight'), get(bias));
  return { attention, projections, logits: logits.data };
}

/** Scaled dot-product attention per head over [seq, d] inputs. */
function attend(
  q: Matrix,
  k: Matrix,
  v: Matrix,
  heads: number,
  causal: boolean,
  layer: number,
  ablate: Set<string>,
) {
  const seq = q.rows;
  const d = q.cols;
  const hd = d / heads;
  const context = zeros(seq, d);
  const probs: Float64Array[] = [];
  const projections = { q: [] as Float64Array[], k: [] as Float64Array[], v: [] as Float64Array[] };
  for (let h = 0; h < heads; h++) {
    const p = new Float64Array(seq * seq);
    for (let i = 0; i < seq; i++) {
      let max = -Infinity;
      for (let j = 0; j < seq; j++) {
        if (causal && j > i) continue;
        let dot = 0;
        for (let c = 0; c < hd; c++) dot += q.data[i * d + h * hd + c] * k.data[j * d + h * hd + c];
        p[i * seq + j] = dot / Math.sqrt(hd);
        max = Math.max(max, p[i * seq + j]);
      }
      let sum = 0;
      for (let j = 0; j < seq; j++) {
        p[i * seq + j] = causal && j > i ? 0 : Math.exp(p[i * seq + j] - max);
        sum += p[i * seq + j];
      }
      for (let j = 0; j < seq; j++) p[i * seq + j] /= sum;
    }
    probs.push(p);
    projections.q.push(headSlice(q, h, hd));
    projections.k.push(headSlice(k, h, hd));
    projections.v.push(headSlice(v, h, hd));
    if (ablate.has(`${layer}:${h}`)) continue;
    for (let i = 0; i < seq; i++) {
      for (let c = 0; c < hd; c++) {
        let sum = 0;
        for (let j = 0; j < seq; j++) sum += p[i * seq + j] * v.data[j * d + h * hd + c];
        context.data[i * d + h * hd + c] = sum;
      }
    }
  }
  return { probs, context, projections };
}

function headSlice(m: Matrix, h: number, hd: number): Float64Array {
  const out = new Float64Array(m.rows * hd);
  for (let i = 0; i < m.rows; i++) {
    for (let c = 0; c < hd; c++) out[i * hd + c] = m.data[i * m.cols + h * hd + c];
  }
  return out;
}
