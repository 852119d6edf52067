/**
 * Tokenizer tables: text, pieces, ids, display text and round trip, for the byte-level BPE of
 * GPT-2 and RoBERTa and the WordPiece of BERT, through the same wrapper the models use.
 */

import { describe, expect, it } from 'vitest';
import { byteLevelText, createTokenizer, fitToContext } from '../../src/model/tokenizer';
import { gpt2Tokenizer, robertaTokenizer, wordPieceTokenizer } from '../fixtures/tinyTokenizers';
import type { Token } from '../../src/model/types';

const gpt2 = createTokenizer(gpt2Tokenizer(), {});
const roberta = createTokenizer(robertaTokenizer(), { mask_token: '<mask>' });
const bert = createTokenizer(wordPieceTokenizer('BertProcessing'), { mask_token: '[MASK]' });
const distilbert = createTokenizer(wordPieceTokenizer('TemplateProcessing'), {});

const EOT = '<|endoftext|>';

describe('byte-level BPE (GPT-2)', () => {
  it.each([
    {
      text: 'The cat sat on the mat.',
      pieces: [EOT, 'The', 'Ġcat', 'Ġsat', 'Ġon', 'Ġthe', 'Ġmat', '.'],
      ids: [286, 275, 262, 264, 266, 258, 268, 46],
      shown: [EOT, 'The', ' cat', ' sat', ' on', ' the', ' mat', '.'],
    },
    {
      text: 'hello',
      pieces: [EOT, 'he', 'll', 'o'],
      ids: [286, 257, 282, 111],
      shown: [EOT, 'he', 'll', 'o'],
    },
    { text: '', pieces: [EOT], ids: [286], shown: [EOT] },
    {
      text: 'a\tb\u0000c\u0007',
      pieces: [EOT, 'a', 'ĉ', 'b', 'Ā', 'c', 'ć'],
      ids: [286, 97, 9, 98, 0, 99, 7],
      shown: [EOT, 'a', '\t', 'b', '\u0000', 'c', '\u0007'],
    },
    {
      text: 'e\u0301',
      pieces: [EOT, 'e', 'Ì', 'ģ'],
      ids: [286, 101, 204, 129],
      shown: [EOT, 'e', '<0xCC>', '<0x81>'],
    },
  ])('tokenizes $text', ({ text, pieces, ids, shown }) => {
    const tokens = gpt2.tokenize(text);
    expect(tokens.map((t) => t.piece)).toEqual(pieces);
    expect(tokens.map((t) => t.id)).toEqual(ids);
    expect(tokens.map((t) => t.text)).toEqual(shown);
    expect(tokens.map((t) => t.special)).toEqual(pieces.map((p) => p === EOT));
  });

  it.each([
    'The cat sat on the mat.',
    '  leading and trailing spaces  ',
    'emoji with joiners: 👩‍👩‍👧 and flags 🇫🇷 and skin tones 👍🏽',
    'right to left: שלום עולם and مرحبا بالعالم',
    'combining marks: e\u0301 a\u0308 Z\u0351\u0362',
    'control characters: \u0000\u0001\t\n\r\u007f\u200b\u2028',
    'CJK 漢字 and surrogate pairs 𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  ])('round-trips %j', (text) => {
    const ids = gpt2.tokenize(text).map((t) => t.id);
    expect(gpt2.decode(ids, true)).toBe(text);
    expect(
      roberta.decode(
        roberta.tokenize(text).map((t) => t.id),
        true,
      ),
    ).toBe(text);
  });

  it('starts every text with <|endoftext|> from its own post-processor', () => {
    expect(gpt2.tokenize('x')[0]).toEqual({ id: 286, piece: EOT, text: EOT, special: true });
  });

  it('treats a typed <|endoftext|> as the special token', () => {
    expect(gpt2.tokenize(`${EOT}x`).map((t) => t.special)).toEqual([true, true, false]);
  });

  it('shows bytes of a split character as <0xNN>, whole characters as text', () => {
    expect(byteLevelText('Ġthe')).toBe(' the');
    expect(byteLevelText('ð')).toBe('<0xF0>');
    expect(byteLevelText('ðŁĳį')).toBe('👍');
  });

  it('has no mask token', () => {
    expect(gpt2.maskToken).toBeNull();
  });
});

describe('byte-level BPE (RoBERTa)', () => {
  it('wraps the text in <s> … </s> and keeps a typed <mask> whole', () => {
    const tokens = roberta.tokenize('The cat sat on the <mask>.');
    expect(tokens.map((t) => t.piece)).toEqual([
      '<s>',
      'The',
      'Ġcat',
      'Ġsat',
      'Ġon',
      'Ġthe',
      '<mask>',
      '.',
      '</s>',
    ]);
    expect(tokens.map((t) => t.id)).toEqual([0, 279, 266, 268, 270, 262, 290, 50, 2]);
    expect(roberta.maskToken).toBe('<mask>');
  });
});

describe('WordPiece (BERT, DistilBERT)', () => {
  it.each([
    {
      text: 'The cats sat, playing!',
      pieces: ['[CLS]', 'the', 'cat', '##s', 'sat', ',', 'play', '##ing', '!', '[SEP]'],
      ids: [2, 62, 63, 54, 64, 6, 68, 74, 7, 3],
      shown: ['[CLS]', 'the', 'cat', 's', 'sat', ',', 'play', 'ing', '!', '[SEP]'],
    },
    {
      text: 'Zebra [MASK] é ü',
      pieces: ['[CLS]', 'z', '##e', '##b', '##r', '##a', '[MASK]', 'e', 'u', '[SEP]'],
      ids: [2, 35, 40, 37, 53, 36, 4, 14, 30, 3],
      shown: ['[CLS]', 'z', 'e', 'b', 'r', 'a', '[MASK]', 'e', 'u', '[SEP]'],
    },
    { text: '', pieces: ['[CLS]', '[SEP]'], ids: [2, 3], shown: ['[CLS]', '[SEP]'] },
    {
      text: '👩‍👩‍👧',
      pieces: ['[CLS]', '[UNK]', '[SEP]'],
      ids: [2, 1, 3],
      shown: ['[CLS]', '[UNK]', '[SEP]'],
    },
  ])('tokenizes $text', ({ text, pieces, ids, shown }) => {
    for (const tokenizer of [bert, distilbert]) {
      const tokens = tokenizer.tokenize(text);
      expect(tokens.map((t) => t.piece)).toEqual(pieces);
      expect(tokens.map((t) => t.id)).toEqual(ids);
      expect(tokens.map((t) => t.text)).toEqual(shown);
    }
  });

  it('marks [CLS], [SEP], [MASK] and [UNK] special', () => {
    const tokens = bert.tokenize('cat [MASK] 😀');
    expect(tokens.filter((t) => t.special).map((t) => t.piece)).toEqual([
      '[CLS]',
      '[MASK]',
      '[UNK]',
      '[SEP]',
    ]);
  });

  it('finds the mask token from tokenizer_config.json or the vocabulary', () => {
    expect(bert.maskToken).toBe('[MASK]');
    expect(distilbert.maskToken).toBe('[MASK]');
  });
});

describe('fitting to the context', () => {
  const tokens = (pieces: string[]): Token[] =>
    pieces.map((piece, id) => ({ id, piece, text: piece, special: piece.startsWith('[') }));

  it('keeps the start of a causal text', () => {
    const fitted = fitToContext(tokens(['a', 'b', 'c', 'd']), 3, false);
    expect(fitted.tokens.map((t) => t.piece)).toEqual(['a', 'b', 'c']);
    expect(fitted).toMatchObject({ truncated: true, fullLength: 4 });
  });

  it('keeps the final [SEP] of an encoder text', () => {
    const fitted = fitToContext(tokens(['[CLS]', 'a', 'b', 'c', '[SEP]']), 4, true);
    expect(fitted.tokens.map((t) => t.piece)).toEqual(['[CLS]', 'a', 'b', '[SEP]']);
    expect(fitted).toMatchObject({ truncated: true, fullLength: 5 });
  });

  it('leaves a short text alone', () => {
    const fitted = fitToContext(tokens(['[CLS]', 'a', '[SEP]']), 4, true);
    expect(fitted).toMatchObject({ truncated: false, fullLength: 3 });
    expect(fitted.tokens).toHaveLength(3);
  });
});

describe('bad tokenizer files', () => {
  it('names the file when it is not a tokenizer', () => {
    expect(() => createTokenizer({ hello: 1 }, null)).toThrow(/tokenizer\.json: not a tokenizer/);
  });
});
