/**
 * Turns text into the tokens a model sees, through the checkpoint's own `tokenizer.json`, so
 * special tokens come from its post-processor exactly as in Python.
 */

import { Tokenizer } from '@huggingface/tokenizers';
import type { Token } from './types';

export interface ModelTokenizer {
  /** Every token of the text, special tokens included, without truncation. */
  tokenize(text: string): Token[];
  /**
   * Text for ids. With `skipSpecial`, special tokens are dropped, so for lossless tokenizers
   * decode(ids of tokenize(x), true) gives back x.
   */
  decode(ids: number[], skipSpecial?: boolean): string;
  /** The mask token for masked models ('[MASK]', '<mask>'), else null. */
  maskToken: string | null;
  /** One more than the largest id the tokenizer can produce. */
  idLimit: number;
}

interface TokenizerJson {
  decoder?: { type?: string; prefix?: string; replacement?: string } | null;
  model?: { vocab?: unknown };
}

/**
 * Wraps a parsed `tokenizer.json` (and optional `tokenizer_config.json`). `file` names the
 * source in errors.
 */
export function createTokenizer(
  tokenizerJson: unknown,
  tokenizerConfig: unknown,
  file = 'tokenizer.json',
): ModelTokenizer {
  const json = tokenizerJson as TokenizerJson | null;
  if (typeof json !== 'object' || json === null || typeof json.model !== 'object') {
    throw new Error(`${file}: not a tokenizer; expected an object with a "model" entry.`);
  }
  let tokenizer: Tokenizer;
  try {
    tokenizer = new Tokenizer(json, (tokenizerConfig ?? {}) as object);
  } catch (error) {
    const reason = (error as Error).message;
    throw new Error(`${file}: could not be read as a tokenizer (${reason}).`, { cause: error });
  }

  const special = new Set<number>();
  for (const [id, added] of tokenizer.get_added_tokens_decoder()) {
    if (added.special) special.add(id);
  }
  const display = pieceDisplay(json.decoder ?? null);
  const vocab = tokenizer.get_vocab(true);
  // A loop, since spreading a vocabulary of 100k ids into Math.max overflows the stack.
  let idLimit = 0;
  for (const id of vocab.values()) idLimit = Math.max(idLimit, id + 1);

  const toToken = (id: number, piece: string): Token => {
    const isSpecial = special.has(id);
    return { id, piece, text: isSpecial ? piece : display(piece), special: isSpecial };
  };

  return {
    tokenize(text) {
      const { ids, tokens } = tokenizer.encode(text);
      return ids.map((id, i) => toToken(id, tokens[i]));
    },
    decode(ids, skipSpecial = false) {
      return tokenizer.decode(ids, {
        skip_special_tokens: skipSpecial,
        clean_up_tokenization_spaces: false,
      });
    },
    maskToken: findMaskToken(tokenizerConfig, vocab),
    idLimit,
  };
}

function findMaskToken(tokenizerConfig: unknown, vocab: Map<string, number>): string | null {
  const configured = (tokenizerConfig as { mask_token?: unknown } | null)?.mask_token;
  // tokenizer_config.json writes it either as a string or as an AddedToken object.
  const name =
    typeof configured === 'string'
      ? configured
      : (configured as { content?: unknown } | undefined)?.content;
  if (typeof name === 'string' && vocab.has(name)) return name;
  for (const candidate of ['[MASK]', '<mask>']) if (vocab.has(candidate)) return candidate;
  return null;
}

/** How a piece reads as text, decided by the tokenizer's decoder. */
function pieceDisplay(decoder: TokenizerJson['decoder']): (piece: string) => string {
  switch (decoder?.type) {
    case 'ByteLevel':
      return byteLevelText;
    case 'WordPiece': {
      const prefix = decoder.prefix ?? '##';
      return (piece) => (piece.startsWith(prefix) ? piece.slice(prefix.length) : piece);
    }
    case 'Metaspace': {
      const replacement = decoder.replacement ?? '\u2581';
      return (piece) => piece.split(replacement).join(' ');
    }
    default:
      return (piece) => piece;
  }
}

const BYTE_OF_CHAR = byteLevelAlphabet();

/**
 * Byte-level BPE stores each byte as a printable character ('Ġ' is the space byte). A piece may
 * hold only part of a multi-byte character; those bytes are shown as <0xNN> rather than as '�'.
 */
export function byteLevelText(piece: string): string {
  const bytes: number[] = [];
  for (const char of piece) {
    const byte = BYTE_OF_CHAR.get(char);
    if (byte === undefined) return piece;
    bytes.push(byte);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes));
  } catch {
    return bytes.map((b) => `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`).join('');
  }
}

/**
 * The GPT-2 byte alphabet: bytes that are printable Latin-1 keep their own character; the rest
 * (space, controls, a few others) take code points from 256 upwards, in byte order.
 */
function byteLevelAlphabet(): Map<string, number> {
  const printable = (b: number) =>
    (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  const byteOf = new Map<string, number>();
  let next = 256;
  for (let b = 0; b < 256; b++) {
    byteOf.set(String.fromCodePoint(printable(b) ? b : next++), b);
  }
  return byteOf;
}

/**
 * Cuts tokens to the model's context, keeping the start. Encoders end with a separator the
 * model was trained to see, so when `keepLast` is set the final special token survives the cut.
 */
export function fitToContext(
  tokens: Token[],
  maxPositions: number,
  keepLast: boolean,
): { tokens: Token[]; truncated: boolean; fullLength: number } {
  const fullLength = tokens.length;
  if (fullLength <= maxPositions) return { tokens, truncated: false, fullLength };
  const last = tokens[fullLength - 1];
  const kept =
    keepLast && last.special
      ? [...tokens.slice(0, maxPositions - 1), last]
      : tokens.slice(0, maxPositions);
  return { tokens: kept, truncated: true, fullLength };
}
