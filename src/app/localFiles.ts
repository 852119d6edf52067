/**
 * Model files the person picked or dropped on the page. They live only in this page's memory,
 * under a name the settings can refer to (`local:<name>`); a reload or a shared link cannot
 * bring them back, and the page says so.
 */

/** Files a model folder may need; everything else in a dropped folder is left unread. */
const WANTED = /(^|\/)(config\.json|tokenizer(_config)?\.json|[^/]*\.safetensors(\.index\.json)?)$/;

const picked = new Map<string, Map<string, Blob>>();

export function rememberLocalFiles(name: string, files: Map<string, Blob>): void {
  picked.set(name, files);
}

export function localFiles(name: string): Map<string, Blob> | undefined {
  return picked.get(name);
}

/** A folder's name and its model files, from a file input (`webkitdirectory` or multiple). */
export function filesFromList(list: FileList | File[]): { name: string; files: Map<string, Blob> } {
  const found = Array.from(list).map((file) => ({
    path: file.webkitRelativePath || file.name,
    blob: file as Blob,
  }));
  const folder = found.find((f) => f.path.includes('/'))?.path.split('/')[0];
  return { name: folder ?? 'local files', files: modelFiles(found) };
}

/**
 * The model files among those found, by path. Where a subfolder repeats a name (an onnx/ export
 * with its own config.json, say), the copy nearest the top wins, since the loader goes by name.
 */
function modelFiles(found: { path: string; blob: Blob }[]): Map<string, Blob> {
  const byName = new Map<string, { path: string; blob: Blob }>();
  const depth = (path: string) => path.split('/').length;
  for (const file of found) {
    if (!WANTED.test(file.path)) continue;
    const name = file.path.split('/').pop() ?? file.path;
    const kept = byName.get(name);
    if (!kept || depth(file.path) < depth(kept.path)) byName.set(name, file);
  }
  return new Map([...byName.values()].map((f) => [f.path, f.blob]));
}

/**
 * The files of a drop: a folder is walked through the entries API (the only way a drop exposes
 * a folder's contents), loose files are taken as they are.
 */
export async function filesFromDrop(
  data: DataTransfer,
): Promise<{ name: string; files: Map<string, Blob> }> {
  const entries = Array.from(data.items)
    .map((item) => item.webkitGetAsEntry())
    .filter((entry): entry is FileSystemEntry => entry !== null);
  const folder = entries.length === 1 && entries[0].isDirectory ? entries[0] : null;
  if (!folder) return filesFromList(data.files);

  const found = await walk(folder as FileSystemDirectoryEntry, folder.name);
  return { name: folder.name, files: modelFiles(found) };
}

async function walk(
  directory: FileSystemDirectoryEntry,
  path: string,
): Promise<{ path: string; blob: Blob }[]> {
  const found: { path: string; blob: Blob }[] = [];
  for (const entry of await readAllEntries(directory)) {
    const entryPath = `${path}/${entry.name}`;
    if (entry.isDirectory) {
      found.push(...(await walk(entry as FileSystemDirectoryEntry, entryPath)));
    } else {
      const blob = await new Promise<File>((resolve, reject) =>
        (entry as FileSystemFileEntry).file(resolve, reject),
      );
      found.push({ path: entryPath, blob });
    }
  }
  return found;
}

/** readEntries returns a folder in batches (100 at a time in Chromium) until it returns none. */
async function readAllEntries(directory: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = directory.createReader();
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) =>
      reader.readEntries(resolve, reject),
    );
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}
