/** The safetensors reader: dtype conversion and the errors a damaged file gives. */

import { describe, expect, it } from 'vitest';
import {
  bfloatToFloat,
  halfToFloat,
  parseSafetensors,
  shardFiles,
} from '../../src/model/safetensors';
import { encodeSafetensors } from '../fixtures/safetensorsWriter';

const VALUES = new Float32Array([0, 1, -2, 0.5, 65504, 2 ** -24, -0.099975586]);

function file(dtype: 'F32' | 'F16' | 'BF16', data = VALUES): ArrayBuffer {
  return encodeSafetensors([{ name: 'w', shape: [data.length], data }], dtype).slice().buffer;
}

describe('reading tensors', () => {
  it.each(['F32', 'F16'] as const)('reads %s exactly where the value is representable', (dtype) => {
    const tensor = parseSafetensors(file(dtype), 'model.safetensors').get('w')!;
    expect(tensor.shape).toEqual([VALUES.length]);
    expect(Array.from(tensor.read().data)).toEqual(Array.from(VALUES));
  });

  it('reads BF16 to its 8-bit mantissa', () => {
    const data = new Float32Array([1, -2, 0.5, 3.140625, 1e30]);
    const read = parseSafetensors(file('BF16', data), 'model.safetensors').get('w')!.read().data;
    data.forEach((v, i) => expect(Math.abs(read[i] - v) / Math.abs(v)).toBeLessThan(2 ** -8));
  });

  it('decodes half and bfloat16 bit patterns, infinities and NaN included', () => {
    expect(
      Array.from(halfToFloat(new Uint16Array([0x3c00, 0xc000, 0x0001, 0x7c00, 0xfc00]))),
    ).toEqual([1, -2, 2 ** -24, Infinity, -Infinity]);
    expect(halfToFloat(new Uint16Array([0x7e00]))[0]).toBeNaN();
    expect(Array.from(bfloatToFloat(new Uint16Array([0x3f80, 0xc000, 0x7f80])))).toEqual([
      1,
      -2,
      Infinity,
    ]);
  });

  it('lists tensors of other dtypes but refuses to read them, naming the file and dtype', () => {
    const bytes = encodeSafetensors([], 'F32', [
      { name: 'ids', shape: [2], dtype: 'I64', bytes: new Uint8Array(16) },
    ]);
    const tensor = parseSafetensors(bytes.slice().buffer, 'shard-2.safetensors').get('ids')!;
    expect(tensor.dtype).toBe('I64');
    expect(() => tensor.read()).toThrow(
      'shard-2.safetensors: tensor "ids" has dtype I64; supported dtypes are F32, F16, BF16.',
    );
  });
});

describe('damaged files', () => {
  const good = new Uint8Array(file('F32'));

  it('rejects a file shorter than the length field', () => {
    expect(() => parseSafetensors(good.slice(0, 5).buffer, 'model.safetensors')).toThrow(
      /model\.safetensors: 5 bytes is too short/,
    );
  });

  it('rejects a header cut short', () => {
    expect(() => parseSafetensors(good.slice(0, 20).buffer, 'model.safetensors')).toThrow(
      /model\.safetensors: truncated/,
    );
  });

  it('rejects data cut short, naming the tensor', () => {
    expect(() =>
      parseSafetensors(good.slice(0, good.length - 4).buffer, 'model.safetensors'),
    ).toThrow(/model\.safetensors: tensor "w" spans bytes 0-28 .* truncated or corrupt/);
  });

  it('rejects a header that is not JSON', () => {
    const corrupt = good.slice();
    corrupt[9] = 0x7b; // a second '{' breaks the JSON
    expect(() => parseSafetensors(corrupt.buffer, 'model.safetensors')).toThrow(
      /model\.safetensors: corrupt header; it is not valid JSON/,
    );
  });

  it('rejects an absurd header length', () => {
    const corrupt = good.slice();
    new DataView(corrupt.buffer).setBigUint64(0, 2n ** 40n, true);
    expect(() => parseSafetensors(corrupt.buffer, 'model.safetensors')).toThrow(/corrupt header/);
  });

  it('rejects a byte range that does not fit the shape', () => {
    const header = JSON.stringify({ w: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } });
    const bytes = new Uint8Array(8 + header.length + 8);
    new DataView(bytes.buffer).setBigUint64(0, BigInt(header.length), true);
    bytes.set(new TextEncoder().encode(header), 8);
    expect(() => parseSafetensors(bytes.buffer, 'model.safetensors')).toThrow(
      'model.safetensors: tensor "w" has shape [3] in F32, which needs 12 bytes, ' +
        'but its byte range holds 8.',
    );
  });
});

describe('shard index', () => {
  it('lists each shard once, in order of first use', () => {
    const index = JSON.stringify({
      weight_map: { a: 'one.safetensors', b: 'two.safetensors', c: 'one.safetensors' },
    });
    expect(shardFiles(index, 'model.safetensors.index.json')).toEqual([
      'one.safetensors',
      'two.safetensors',
    ]);
  });

  it('names the index when it has no weight map', () => {
    expect(() => shardFiles('{}', 'model.safetensors.index.json')).toThrow(
      /model\.safetensors\.index\.json: has no "weight_map"/,
    );
  });
});
