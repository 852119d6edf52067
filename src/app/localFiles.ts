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
  const files = new Map<string, Blob>();
  let folder: string | null = null;
  for (const file of Array.from(list)) {
    const path = file.webkitRelativePath || file.name;
    if (!WANTED.test(path)) continue;
    files.set(path, file);
    if (folder === null && path.includes('/')) folder = path.split('/')[0];
  }
  return { name: folder ?? 'local files', files };
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

  const files = new Map<string, Blob>();
  for (const file of await walk(folder as FileSystemDirectoryEntry, folder.name)) {
    if (WANTED.test(file.path)) files.set(file.path, file.blob);
  }
  return { name: folder.name, files };
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
