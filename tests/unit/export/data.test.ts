import { describe, expect, it } from 'vitest';
import type { Token } from '../../../src/model/types';
import { attentionCsv, attentionJson, headsOfView } from '../../../src/export/data';
import { safeFileName } from '../../../src/export/download';

const token = (id: number, text: string): Token => ({ id, piece: text, text, special: false });
const TOKENS = [token(1, '=SUM(A1)'), token(2, ' "quoted", comma')];
// [layer][head], each 2 x 2 row-major: [query][key].
const ATTENTION = [
  [new Float32Array([1, 0, 0.25, 0.75]), new Float32Array([1, 0, 0.5, 0.5])],
  [new Float32Array([1, 0, 1, 0]), new Float32Array([1, 0, 0, 1])],
];

describe('attention data export', () => {
  it.each<[string, number, number, number[] | null, string[]]>([
    ['grid', 0, 0, null, ['0:0', '0:1', '1:0', '1:1']],
    ['head', 1, 0, null, ['1:0']],
    ['mechanism', 0, 1, null, ['0:1']],
    ['lines', 1, 0, null, ['1:0', '1:1']],
    ['lines', 1, 0, [1], ['1:1']],
    ['head', 5, 0, null, []],
  ])('the %s view at layer %i head %i (line heads %j) exports %j', (view, l, h, lines, want) => {
    const heads = headsOfView(ATTENTION, view, l, h, lines);
    expect(heads.map((x) => `${x.layer}:${x.head}`)).toEqual(want);
  });

  it('writes one CSV row per query and key, quoting text and defusing formulas', () => {
    const csv = attentionCsv({
      model: 'hub:gpt2@main',
      text: 'x',
      view: 'head',
      tokens: TOKENS,
      heads: headsOfView(ATTENTION, 'head', 0, 0, null),
    });
    expect(csv.split('\r\n')).toEqual([
      'model,matrix,layer,head,query,query_token,key,key_token,weight',
      `"hub:gpt2@main","attention",0,0,0,"'=SUM(A1)",0,"'=SUM(A1)",1`,
      `"hub:gpt2@main","attention",0,0,0,"'=SUM(A1)",1," ""quoted"", comma",0`,
      `"hub:gpt2@main","attention",0,0,1," ""quoted"", comma",0,"'=SUM(A1)",0.25`,
      `"hub:gpt2@main","attention",0,0,1," ""quoted"", comma",1," ""quoted"", comma",0.75`,
      '',
    ]);
  });

  it('names a derived matrix and labels it with its own tokens', () => {
    const data = {
      model: 'tiny',
      text: 'x',
      view: 'compare',
      tokens: TOKENS,
      heads: [
        {
          layer: null,
          head: null,
          name: 'difference',
          weights: new Float32Array([0.5, 0, 0, -0.5]),
        },
        {
          layer: 0,
          head: 1,
          name: 'second text',
          tokens: [token(7, 'b')],
          weights: new Float32Array([1]),
        },
      ],
    };
    const rows = attentionCsv(data).split('\r\n');
    expect(rows.slice(1, 3)).toEqual([
      `"tiny","difference",,,0,"'=SUM(A1)",0,"'=SUM(A1)",0.5`,
      `"tiny","difference",,,0,"'=SUM(A1)",1," ""quoted"", comma",0`,
    ]);
    expect(rows[5]).toBe(`"tiny","second text",0,1,0,"b",0,"b",1`);
    const json = JSON.parse(attentionJson(data));
    expect(json.heads[0]).toEqual({
      layer: null,
      head: null,
      matrix: 'difference',
      weights: [
        [0.5, 0],
        [0, -0.5],
      ],
    });
    expect(json.heads[1].tokens).toEqual([{ position: 0, id: 7, text: 'b', special: false }]);
  });

  it('writes JSON with exact token text and [query][key] rows', () => {
    const json = JSON.parse(
      attentionJson({
        model: 'tiny',
        text: 'x',
        view: 'lines',
        tokens: TOKENS,
        heads: headsOfView(ATTENTION, 'lines', 0, 0, [1]),
      }),
    );
    expect(json).toEqual({
      model: 'tiny',
      text: 'x',
      view: 'lines',
      tokens: [
        { position: 0, id: 1, text: '=SUM(A1)', special: false },
        { position: 1, id: 2, text: ' "quoted", comma', special: false },
      ],
      heads: [
        {
          layer: 0,
          head: 1,
          weights: [
            [1, 0],
            [0.5, 0.5],
          ],
        },
      ],
    });
  });

  it.each([
    [
      ['attention', 'hub:openai/gpt2@main', 'head', 'L1H2'],
      'attention_hub-openai-gpt2-main_head_L1H2',
    ],
    [['a', '../../etc', ''], 'a_..-..-etc'],
  ])('makes file names safe: %j', (parts, name) => {
    expect(safeFileName(...parts)).toBe(name);
  });
});
