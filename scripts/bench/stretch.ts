/**
 * A copy of a GPT-2 folder whose position table is repeated to a longer context. It costs the
 * same per token as the original, so it times lengths the original cannot read; its attention
 * past the original context means nothing and is never shown as a result.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface Entry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

export function stretchContext(from: string, to: string, positions: number): void {
  mkdirSync(to, { recursive: true });
  for (const file of ['tokenizer.json', 'tokenizer_config.json']) {
    if (existsSync(join(from, file))) copyFileSync(join(from, file), join(to, file));
  }
  const config = JSON.parse(readFileSync(join(from, 'config.json'), 'utf8'));
  config.n_positions = positions;
  config.n_ctx = positions;
  writeFileSync(join(to, 'config.json'), JSON.stringify(config, null, 1));

  const bytes = readFileSync(join(from, 'model.safetensors'));
  const headerLength = Number(bytes.readBigUInt64LE(0));
  const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8'));
  const data = bytes.subarray(8 + headerLength);
  const name = Object.keys(header).find((key) => /(^|\.)wpe\.weight$/.test(key));
  if (!name) throw new Error(`${from}: no wpe.weight to stretch; only GPT-2 folders can be.`);

  const parts: Buffer[] = [];
  const entries: Record<string, unknown> = {};
  let offset = 0;
  for (const [key, value] of Object.entries(header)) {
    if (key === '__metadata__') {
      entries[key] = value;
      continue;
    }
    const entry = value as Entry;
    let part = data.subarray(...entry.data_offsets);
    let shape = entry.shape;
    if (key === name) {
      // [rows, width] -> [positions, width], the rows repeated in order.
      const rowBytes = part.length / shape[0];
      const rows = Array.from({ length: positions }, (_, p) =>
        part.subarray((p % shape[0]) * rowBytes, ((p % shape[0]) + 1) * rowBytes),
      );
      part = Buffer.concat(rows);
      shape = [positions, shape[1]];
    }
    entries[key] = { dtype: entry.dtype, shape, data_offsets: [offset, offset + part.length] };
    parts.push(part);
    offset += part.length;
  }
  const json = Buffer.from(JSON.stringify(entries));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(json.length));
  writeFileSync(join(to, 'model.safetensors'), Buffer.concat([length, json, ...parts]));
}
