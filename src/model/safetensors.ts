/**
 * Reads the safetensors format: an 8-byte little-endian header length, a JSON header naming each
 * tensor's dtype, shape and byte range, then the raw data. Tensors are converted to float32 only
 * when read, so buffers the model never uses (int64 position ids, say) cost nothing.
 */

/** A tensor as plain numbers: `data` is row-major over `shape`. */
export interface HostTensor {
  data: Float32Array;
  shape: number[];
}

/** One tensor listed in a safetensors header, not yet converted. */
export interface StoredTensor {
  name: string;
  /** The file it came from, so errors can name it. */
  file: string;
  dtype: string;
  shape: number[];
  read(): HostTensor;
}

export const SUPPORTED_DTYPES = ['F32', 'F16', 'BF16'] as const;

const BYTES_PER_ELEMENT: Record<string, number> = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E4M3: 1,
  F8_E5M2: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  I64: 8,
  U64: 8,
  F64: 8,
};

// A header larger than this is a corrupt length field, not a real model.
const MAX_HEADER_BYTES = 100_000_000;

interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

/** Parses one safetensors file; `file` is used in every error message. */
export function parseSafetensors(buffer: ArrayBuffer, file: string): Map<string, StoredTensor> {
  if (buffer.byteLength < 8) {
    throw new Error(`${file}: ${buffer.byteLength} bytes is too short for a safetensors file.`);
  }
  const headerLength = Number(new DataView(buffer).getBigUint64(0, true));
  if (headerLength > MAX_HEADER_BYTES) {
    throw new Error(`${file}: corrupt header (declares ${headerLength} bytes of JSON).`);
  }
  if (8 + headerLength > buffer.byteLength) {
    throw new Error(
      `${file}: truncated; the header declares ${headerLength} bytes but the file has ` +
        `${buffer.byteLength} bytes in all. Download it again.`,
    );
  }

  const header = parseHeader(buffer, headerLength, file);
  const dataStart = 8 + headerLength;
  const dataLength = buffer.byteLength - dataStart;
  const tensors = new Map<string, StoredTensor>();
  for (const [name, value] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const entry = checkEntry(name, value, dataLength, file);
    tensors.set(name, {
      name,
      file,
      dtype: entry.dtype,
      shape: entry.shape,
      read: () => readTensor(buffer, dataStart, name, entry, file),
    });
  }
  return tensors;
}

function parseHeader(buffer: ArrayBuffer, headerLength: number, file: string): object {
  const text = new TextDecoder().decode(new Uint8Array(buffer, 8, headerLength));
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch {
    throw new Error(`${file}: corrupt header; it is not valid JSON. Download it again.`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    throw new Error(`${file}: corrupt header; expected a JSON object of tensors.`);
  }
  return header;
}

function checkEntry(name: string, value: unknown, dataLength: number, file: string): HeaderEntry {
  const entry = value as Partial<HeaderEntry> | null;
  const offsets = entry?.data_offsets;
  const shape = entry?.shape;
  if (
    typeof entry?.dtype !== 'string' ||
    !Array.isArray(shape) ||
    !shape.every((d) => Number.isInteger(d) && d >= 0) ||
    !Array.isArray(offsets) ||
    offsets.length !== 2 ||
    !offsets.every((o) => Number.isInteger(o) && o >= 0)
  ) {
    throw new Error(`${file}: corrupt header entry for tensor "${name}".`);
  }

  const [begin, end] = offsets;
  if (begin > end || end > dataLength) {
    throw new Error(
      `${file}: tensor "${name}" spans bytes ${begin}-${end} but the data section has only ` +
        `${dataLength} bytes; the file is truncated or corrupt.`,
    );
  }
  const width = BYTES_PER_ELEMENT[entry.dtype];
  const count = shape.reduce((a, b) => a * b, 1);
  if (width !== undefined && end - begin !== count * width) {
    throw new Error(
      `${file}: tensor "${name}" has shape [${shape.join(', ')}] in ${entry.dtype}, which needs ` +
        `${count * width} bytes, but its byte range holds ${end - begin}.`,
    );
  }
  return { dtype: entry.dtype, shape, data_offsets: [begin, end] };
}

function readTensor(
  buffer: ArrayBuffer,
  dataStart: number,
  name: string,
  entry: HeaderEntry,
  file: string,
): HostTensor {
  const [begin, end] = entry.data_offsets;
  const offset = dataStart + begin;
  const count = (end - begin) / (BYTES_PER_ELEMENT[entry.dtype] ?? 1);
  const shape = [...entry.shape];
  switch (entry.dtype) {
    case 'F32':
      // A view saves copying hundreds of megabytes; Float32Array needs 4-byte alignment, which
      // the format's padded header gives in practice, and a copy covers the rest.
      return offset % 4 === 0
        ? { data: new Float32Array(buffer, offset, count), shape }
        : { data: new Float32Array(buffer.slice(offset, offset + count * 4)), shape };
    case 'F16':
      return {
        data: halfToFloat(new Uint16Array(buffer.slice(offset, offset + count * 2))),
        shape,
      };
    case 'BF16':
      return {
        data: bfloatToFloat(new Uint16Array(buffer.slice(offset, offset + count * 2))),
        shape,
      };
    default:
      throw new Error(
        `${file}: tensor "${name}" has dtype ${entry.dtype}; supported dtypes are ` +
          `${SUPPORTED_DTYPES.join(', ')}.`,
      );
  }
}

/** IEEE 754 half precision to float32, subnormals, infinities and NaN included. */
export function halfToFloat(bits: Uint16Array): Float32Array {
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) {
    const h = bits[i];
    const sign = h & 0x8000 ? -1 : 1;
    const exponent = (h >> 10) & 0x1f;
    const fraction = h & 0x3ff;
    if (exponent === 0) out[i] = sign * fraction * 2 ** -24;
    else if (exponent === 31) out[i] = fraction ? NaN : sign * Infinity;
    else out[i] = sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
  }
  return out;
}

/** bfloat16 is the top half of a float32, so widening is a 16-bit shift. */
export function bfloatToFloat(bits: Uint16Array): Float32Array {
  const words = new Uint32Array(bits.length);
  for (let i = 0; i < bits.length; i++) words[i] = bits[i] << 16;
  return new Float32Array(words.buffer);
}

/** The shard files named by a `model.safetensors.index.json`, in first-use order. */
export function shardFiles(indexText: string, file: string): string[] {
  let index: unknown;
  try {
    index = JSON.parse(indexText);
  } catch {
    throw new Error(`${file}: not valid JSON.`);
  }
  const weightMap = (index as { weight_map?: unknown } | null)?.weight_map;
  if (typeof weightMap !== 'object' || weightMap === null) {
    throw new Error(`${file}: has no "weight_map" naming the shard of each tensor.`);
  }
  const files = Object.values(weightMap);
  if (files.length === 0 || !files.every((f) => typeof f === 'string')) {
    throw new Error(`${file}: "weight_map" must map tensor names to shard file names.`);
  }
  return [...new Set(files as string[])];
}
