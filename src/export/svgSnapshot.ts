/**
 * A picture of part of the page as one standalone SVG, laid out exactly as it is on screen.
 *
 * The views mix canvas heatmaps, D3 SVG and HTML labels, so the page is walked rather than
 * redrawn: canvases become <image> elements holding their pixels, SVG is cloned, and HTML text
 * becomes <text> at the place the browser laid it out. Styles are copied from the computed
 * style, so the picture keeps the current theme. Every node is made with DOM calls and every
 * token is set as textContent, so XMLSerializer escapes whatever a token contains.
 */
import {
  boxOf,
  canvasImage,
  cloneSvg,
  controlText,
  make,
  textAt,
  textLines,
  type Origin,
} from './svgParts';

/** Height of the caption line above the picture. */
const CAPTION_HEIGHT = 28;
/** Space between the parts, and around the picture. */
const GAP = 12;

function isHidden(element: Element, style: CSSStyleDeclaration): boolean {
  return (
    style.display === 'none' ||
    style.visibility === 'hidden' ||
    element.getAttribute('data-export') === 'skip' ||
    element.classList.contains('visually-hidden')
  );
}

function walk(element: Element, origin: Origin, out: SVGGElement): void {
  const style = getComputedStyle(element);
  if (isHidden(element, style)) return;
  if (isTransformed(element, style)) {
    walkTransformed(element, style, origin, out);
    return;
  }

  if (element instanceof HTMLCanvasElement) {
    const image = canvasImage(element, origin);
    if (image) out.append(image);
    return;
  }
  if (element instanceof SVGSVGElement) {
    out.append(cloneSvg(element, origin));
    return;
  }

  const box = boxOf(element, style, origin);
  if (box) out.append(box);
  const control = controlText(element);
  if (control !== null) {
    out.append(clippedControl(element, control, style, origin));
    return;
  }

  for (const child of element.childNodes) {
    if (child instanceof Text) {
      if (child.data.trim() === '') continue;
      for (const line of textLines(child)) {
        out.append(textAt(line.content, line.rect, style, origin));
      }
    } else if (child instanceof Element) {
      walk(child, origin, out);
    }
  }
}

/** A control's value, cut at the control's edge as the browser cuts it. */
function clippedControl(
  element: Element,
  value: string,
  style: CSSStyleDeclaration,
  origin: Origin,
) {
  const rect = element.getBoundingClientRect();
  // A nested <svg> clips what overflows it, which a long text in a small box would.
  const clip = make('svg', {
    x: rect.left - origin.x,
    y: rect.top - origin.y,
    width: rect.width,
    height: rect.height,
  });
  const padded = new DOMRect(6, 0, rect.width - 12, Math.min(rect.height, 28));
  clip.append(textAt(value, padded, style, { x: 0, y: 0 }));
  return clip;
}

function isTransformed(
  element: Element,
  style: CSSStyleDeclaration,
): element is HTMLElement | SVGElement {
  const flat = style.transform.startsWith('matrix(');
  return flat && (element instanceof HTMLElement || element instanceof SVGElement);
}

/**
 * A CSS-transformed element, such as a rotated axis label, is measured with its transform
 * lifted and drawn inside a group that applies the same matrix about the same origin. The
 * lift lasts only while this function runs, so the page never paints without it.
 */
function walkTransformed(
  element: HTMLElement | SVGElement,
  style: CSSStyleDeclaration,
  origin: Origin,
  out: SVGGElement,
): void {
  const matrix = style.transform;
  const [originX, originY] = style.transformOrigin.split(' ').map(parseFloat);
  const inline = element.style.transform;
  element.style.transform = 'none';
  try {
    const rect = element.getBoundingClientRect();
    const x = rect.left - origin.x + (originX || 0);
    const y = rect.top - origin.y + (originY || 0);
    const group = make('g', { transform: `translate(${x} ${y}) ${matrix} translate(${-x} ${-y})` });
    walk(element, origin, group);
    out.append(group);
  } finally {
    element.style.transform = inline;
  }
}

/**
 * Draws `parts` one under another, as they are laid out on screen, under a caption line.
 * The page background is kept, so a dark theme exports dark.
 */
export function snapshotSvg(parts: readonly Element[], caption: string): SVGSVGElement {
  const pageStyle = getComputedStyle(document.documentElement);
  const width =
    Math.ceil(Math.max(200, ...parts.map((p) => Math.max(p.scrollWidth, p.clientWidth)))) + 2 * GAP;
  const svg = make('svg', {});
  const background = make('rect', { x: 0, y: 0, width, fill: pageStyle.backgroundColor });
  svg.append(background);

  const title = make('text', {
    x: GAP,
    y: GAP + 10,
    'dominant-baseline': 'central',
    fill: pageStyle.color,
    'font-family': pageStyle.fontFamily,
    'font-size': '14px',
    'font-weight': 'bold',
  });
  title.textContent = caption;
  svg.append(title);

  let top = GAP + CAPTION_HEIGHT;
  for (const part of parts) {
    const rect = part.getBoundingClientRect();
    const height = Math.max(rect.height, part.scrollHeight);
    const group = make('g', {});
    // Coordinates are made relative to this part, then the part is moved to its slot.
    walk(part, { x: rect.left - GAP, y: rect.top - top }, group);
    svg.append(group);
    top += height + GAP;
  }

  background.setAttribute('height', String(top));
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(top));
  svg.setAttribute('viewBox', `0 0 ${width} ${top}`);
  return svg;
}

/** The SVG as a standalone file. */
export function serializeSvg(svg: SVGSVGElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(svg)}`;
}
