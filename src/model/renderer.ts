/**
 * Which backend to try first, decided from the WebGL renderer string. Kept apart from
 * backend.ts, whose imports only a browser bundle can resolve, so Node can test it.
 */

export type BackendName = 'webgl' | 'wasm' | 'cpu';

// Renderers that draw on the CPU: WebGL through them is slower than the WASM backend.
const SOFTWARE_RENDERERS = /swiftshader|llvmpipe|softpipe|software|basic render|mesa offscreen/i;

export function isSoftwareRenderer(renderer: string): boolean {
  return SOFTWARE_RENDERERS.test(renderer);
}

/**
 * Backends in the order to try them: the person's choice first when given, then WebGL only on a
 * real GPU (`renderer` null means no WebGL at all), then WASM, then plain CPU.
 */
export function backendOrder(renderer: string | null, preferred?: BackendName): BackendName[] {
  const realGpu = renderer !== null && !isSoftwareRenderer(renderer);
  const order: BackendName[] = realGpu ? ['webgl', 'wasm', 'cpu'] : ['wasm', 'cpu'];
  return preferred ? [preferred, ...order.filter((b) => b !== preferred)] : order;
}
