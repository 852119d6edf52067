/** The models shipped in `public/models/`, listed in `public/models/index.json`. */

export interface BuiltinModel {
  /** Folder name under `public/models/`, also the name used in links. */
  name: string;
  /** One line for the model picker. */
  description: string;
}

/** Base URL of a built-in model's folder, relative to the page so the app works from any path. */
export function builtinModelUrl(name: string): string {
  return new URL(`models/${encodeURIComponent(name)}/`, document.baseURI).href;
}

export async function listBuiltinModels(): Promise<BuiltinModel[]> {
  const response = await fetch(new URL('models/index.json', document.baseURI));
  if (!response.ok) {
    throw new Error(`The list of built-in models (models/index.json) answered ${response.status}.`);
  }
  const models = (await response.json()) as BuiltinModel[];
  return models.filter((m) => typeof m.name === 'string' && typeof m.description === 'string');
}
