/** Hands a file to the browser's download machinery. */

/** Saves `blob` as `filename` through a temporary object URL. */
export function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has taken its copy once click() returns; a moment later the URL can go.
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A file name made only of characters every file system accepts. */
export function safeFileName(...parts: string[]): string {
  return parts
    .map((part) => part.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, ''))
    .filter((part) => part !== '')
    .join('_');
}
