/** Decides whether a WebGL renderer string names a real GPU. Kept apart so Node can test it. */

// Renderers that draw on the CPU: WebGL through them is slower than the WASM backend.
const SOFTWARE_RENDERERS = /swiftshader|llvmpipe|softpipe|software|basic render|mesa offscreen/i;

export function isSoftwareRenderer(renderer: string): boolean {
  return SOFTWARE_RENDERERS.test(renderer);
}
