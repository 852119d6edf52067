/**
 * The pieces a picture of the page is made of: each turns one laid-out thing (a box, a line of
 * text, a canvas, an SVG, a form control) into SVG at the place the browser drew it. Nodes are
 * made with DOM calls and text is set as textContent, so the serializer escapes every token.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/** Heatmap pixels are enlarged up to this size before encoding, so they stay square. */
const MAX_IMAGE_SIDE = 2048;

/** Style properties that decide how SVG content looks; copied onto the clone. */
const SVG_STYLE = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
  'visibility',
];

/** The page point that becomes the picture's (0, 0). */
export interface Origin {
  x: number;
  y: number;
}

export function make<K extends keyof SVGElementTagNameMap>(
  name: K,
  attributes: Record<string, string | number>,
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  return element;
}

function isVisibleColor(color: string): boolean {
  return color !== '' && color !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(color);
}

function place(rect: DOMRect, origin: Origin) {
  return {
    x: rect.left - origin.x,
    y: rect.top - origin.y,
    width: rect.width,
    height: rect.height,
  };
}

/** The element's background and border as a rectangle, when it has either. */
export function boxOf(
  element: Element,
  style: CSSStyleDeclaration,
  origin: Origin,
): SVGRectElement | null {
  const border = parseFloat(style.borderTopWidth) || 0;
  const hasBorder = border > 0 && style.borderTopStyle !== 'none';
  const hasFill = isVisibleColor(style.backgroundColor);
  if (!hasBorder && !hasFill) return null;
  const box = place(element.getBoundingClientRect(), origin);
  if (box.width === 0 || box.height === 0) return null;
  return make('rect', {
    x: box.x + border / 2,
    y: box.y + border / 2,
    width: Math.max(0, box.width - border),
    height: Math.max(0, box.height - border),
    rx: parseFloat(style.borderTopLeftRadius) || 0,
    fill: hasFill ? style.backgroundColor : 'none',
    stroke: hasBorder && isVisibleColor(style.borderTopColor) ? style.borderTopColor : 'none',
    'stroke-width': border,
  });
}

/** A line of text with the font and colour of the element it sits in. */
export function textAt(content: string, rect: DOMRect, style: CSSStyleDeclaration, origin: Origin) {
  const box = place(rect, origin);
  const text = make('text', {
    x: box.x,
    y: box.y + box.height / 2,
    'dominant-baseline': 'central',
    fill: style.color,
    'font-family': style.fontFamily,
    'font-size': style.fontSize,
    'font-weight': style.fontWeight,
    'font-style': style.fontStyle,
  });
  text.setAttributeNS(XML_NS, 'xml:space', 'preserve');
  text.style.whiteSpace = 'pre';
  text.textContent = content;
  return text;
}

/** The laid-out lines of a text node: one piece per line box where the browser wrapped it. */
export function textLines(node: Text): { content: string; rect: DOMRect }[] {
  const range = document.createRange();
  range.selectNodeContents(node);
  if (range.getClientRects().length <= 1) {
    return [{ content: node.data, rect: range.getBoundingClientRect() }];
  }

  const lines: { content: string; rect: DOMRect }[] = [];
  let offset = 0;
  for (const char of node.data) {
    range.setStart(node, offset);
    range.setEnd(node, offset + char.length);
    offset += char.length;
    const rect = range.getBoundingClientRect();
    const line = lines.at(-1);
    if (line && (rect.height === 0 || Math.abs(rect.top - line.rect.top) < rect.height / 2)) {
      line.content += char;
      if (rect.height > 0) {
        line.rect = new DOMRect(
          line.rect.left,
          line.rect.top,
          Math.max(line.rect.width, rect.right - line.rect.left),
          line.rect.height,
        );
      }
    } else {
      lines.push({ content: char, rect });
    }
  }
  return lines.filter((line) => line.content.trim() !== '');
}

/**
 * The canvas's pixels, enlarged by a whole factor towards their size on screen, so each cell
 * stays a sharp square in any viewer, whether or not it honours image-rendering.
 */
export function canvasImage(canvas: HTMLCanvasElement, origin: Origin): SVGImageElement | null {
  if (canvas.width === 0 || canvas.height === 0) return null;
  const box = place(canvas.getBoundingClientRect(), origin);
  const wanted = Math.ceil((2 * box.width) / canvas.width);
  const factor = Math.max(1, Math.min(wanted, Math.floor(MAX_IMAGE_SIDE / canvas.width)));
  const large = document.createElement('canvas');
  large.width = canvas.width * factor;
  large.height = canvas.height * factor;
  const context = large.getContext('2d');
  if (!context) return null;
  context.imageSmoothingEnabled = false;
  context.drawImage(canvas, 0, 0, large.width, large.height);
  const image = make('image', { ...box, preserveAspectRatio: 'none' });
  image.setAttribute('href', large.toDataURL('image/png'));
  image.style.imageRendering = 'pixelated';
  return image;
}

/** A copy of an SVG of the page, placed where it is, with its computed styles inlined. */
export function cloneSvg(svg: SVGSVGElement, origin: Origin): SVGSVGElement {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const originals = [svg, ...svg.querySelectorAll('*')];
  const copies = [copy, ...copy.querySelectorAll('*')];
  originals.forEach((original, i) => {
    const style = getComputedStyle(original);
    const target = copies[i] as SVGElement;
    for (const name of SVG_STYLE) target.style.setProperty(name, style.getPropertyValue(name));
  });
  const box = place(svg.getBoundingClientRect(), origin);
  for (const [key, value] of Object.entries(box)) copy.setAttribute(key, String(value));
  copy.removeAttribute('class');
  copy.style.removeProperty('position');
  return copy;
}

/** The value a form control shows, drawn as text. */
export function controlText(element: Element): string | null {
  if (element instanceof HTMLSelectElement) return element.selectedOptions[0]?.text ?? '';
  if (element instanceof HTMLInputElement) {
    if (element.type === 'checkbox' || element.type === 'radio') {
      return element.checked ? '☑' : '☐';
    }
    return element.type === 'range' ? null : element.value;
  }
  if (element instanceof HTMLTextAreaElement) return element.value;
  return null;
}
