import { describe, expect, it } from 'vitest';
import { filesFromList } from '../../../src/app/localFiles';

/** A File as a folder picker gives it, with its path inside the folder. */
function picked(path: string): File {
  const file = new File(['x'], path.split('/').pop() ?? path);
  Object.defineProperty(file, 'webkitRelativePath', { value: path });
  return file;
}

describe('files picked from this computer', () => {
  it('keeps the model files of a folder and names the model after the folder', () => {
    const { name, files } = filesFromList([
      picked('gpt2/config.json'),
      picked('gpt2/tokenizer.json'),
      picked('gpt2/tokenizer_config.json'),
      picked('gpt2/model.safetensors'),
      picked('gpt2/pytorch_model.bin'),
      picked('gpt2/README.md'),
      picked('gpt2/onnx/decoder.onnx'),
    ]);
    expect(name).toBe('gpt2');
    expect([...files.keys()]).toEqual([
      'gpt2/config.json',
      'gpt2/tokenizer.json',
      'gpt2/tokenizer_config.json',
      'gpt2/model.safetensors',
    ]);
  });

  it('prefers the top-level copy of a file a subfolder repeats', () => {
    const { files } = filesFromList([
      picked('gpt2/onnx/config.json'),
      picked('gpt2/config.json'),
      picked('gpt2/onnx/tokenizer.json'),
    ]);
    expect([...files.keys()].sort()).toEqual(['gpt2/config.json', 'gpt2/onnx/tokenizer.json']);
  });

  it('keeps shards and their index', () => {
    const { files } = filesFromList([
      picked('big/model.safetensors.index.json'),
      picked('big/model-00001-of-00002.safetensors'),
      picked('big/model-00002-of-00002.safetensors'),
    ]);
    expect(files.size).toBe(3);
  });

  it('calls loose files "local files"', () => {
    const { name, files } = filesFromList([new File(['{}'], 'config.json')]);
    expect(name).toBe('local files');
    expect([...files.keys()]).toEqual(['config.json']);
  });
});
