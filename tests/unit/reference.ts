/**
 * An independent forward pass of GPT-2 and the BERT family in float64, written plainly with loops
 * straight from the equations and reading the Hugging Face names and layouts itself. It shares no
 * code with src/model, so agreement with it means something.
 */

export interface RefParam {
  shape: number[];
  data: ArrayLike<number>;
}

export interface RefResult {
  /** attention[layer][head]: seqLen x seqLen row-major. */
  attention: Float64Array[][];
  /** seqLen x vocab, or null without a head. */
  logits: Float64Array | null;
  /** Per layer: queries, keys, values, each [head] -> seqLen x headDim. */
  projections: { q: Float64Array[]; k: Float64Array[]; v: Float64Array[] }[];
}

type Config = Record<string, number | string | null>;
type Matrix = { rows: number; cols: number; data: Float64Array };

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

function embed(ids: number[], words: RefParam, positions: RefParam, posIds: number[]): Matrix {
  const d = words.shape[1];
  const x = zeros(ids.length, d);
  ids.forEach((id, i) => {
    for (let j = 0; j < d; j++) {
      x.data[i * d + j] = words.data[id * d + j] + positions.data[posIds[i] * d + j];
    }
  });
  return x;
}

function zeros(rows: number, cols: number): Matrix {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

/** x [n, in] times W [in, out] plus b: GPT-2's Conv1D layout. */
function conv1d(x: Matrix, w: RefParam, b: RefParam): Matrix {
  const [inputs, outputs] = w.shape;
  const out = zeros(x.rows, outputs);
  for (let i = 0; i < x.rows; i++) {
    for (let o = 0; o < outputs; o++) {
      let sum = b.data[o];
      for (let c = 0; c < inputs; c++) sum += x.data[i * inputs + c] * w.data[c * outputs + o];
      out.data[i * outputs + o] = sum;
    }
  }
  return out;
}

/** x [n, in] times W^T for W [out, in] plus b: PyTorch nn.Linear (and tied decoders). */
function linearOutIn(x: Matrix, w: RefParam, b: RefParam | null): Matrix {
  const [outputs, inputs] = w.shape;
  const out = zeros(x.rows, outputs);
  for (let i = 0; i < x.rows; i++) {
    for (let o = 0; o < outputs; o++) {
      let sum = b ? b.data[o] : 0;
      for (let c = 0; c < inputs; c++) sum += x.data[i * inputs + c] * w.data[o * inputs + c];
      out.data[i * outputs + o] = sum;
    }
  }
  return out;
}

function columns(m: Matrix, from: number, to: number): Matrix {
  const out = zeros(m.rows, to - from);
  for (let i = 0; i < m.rows; i++) {
    for (let j = from; j < to; j++) out.data[i * out.cols + j - from] = m.data[i * m.cols + j];
  }
  return out;
}

function layerNorm(x: Matrix, gamma: RefParam, beta: RefParam, eps: number): Matrix {
  const out = zeros(x.rows, x.cols);
  for (let i = 0; i < x.rows; i++) {
    let mean = 0;
    for (let j = 0; j < x.cols; j++) mean += x.data[i * x.cols + j];
    mean /= x.cols;
    let variance = 0;
    for (let j = 0; j < x.cols; j++) variance += (x.data[i * x.cols + j] - mean) ** 2;
    variance /= x.cols;
    for (let j = 0; j < x.cols; j++) {
      const normalized = (x.data[i * x.cols + j] - mean) / Math.sqrt(variance + eps);
      out.data[i * x.cols + j] = normalized * gamma.data[j] + beta.data[j];
    }
  }
  return out;
}

function add(a: Matrix, b: Matrix): Matrix {
  return { ...a, data: a.data.map((v, i) => v + b.data[i]) };
}

function map(m: Matrix, f: (v: number) => number): Matrix {
  return { ...m, data: m.data.map(f) };
}

const relu = (x: number) => Math.max(0, x);
const geluErf = (x: number) => 0.5 * x * (1 + erf(x / Math.SQRT2));
const geluTanh = (x: number) =>
  0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));

/**
 * erf to about 1e-15: its Maclaurin series near zero, where it converges fast, and the
 * continued fraction for erfc further out, where the series would lose digits to cancellation.
 */
export function erf(x: number): number {
  const a = Math.abs(x);
  if (a < 2.5) {
    let term = x;
    let sum = x;
    for (let n = 1; n < 80; n++) {
      term *= (-x * x) / n;
      sum += term / (2 * n + 1);
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  let fraction = a;
  for (let n = 60; n >= 1; n--) fraction = a + n / 2 / fraction;
  const erfc = Math.exp(-a * a) / Math.sqrt(Math.PI) / fraction;
  return Math.sign(x) * (1 - erfc);
}
