/** An element of a parsed XML document: attributes and text with entities decoded. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text content, concatenated. */
  text: string;
}

const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#(\d+)|#x([0-9a-fA-F]+));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string, where: string): string {
  if (FORBIDDEN.test(raw)) throw new Error(`a character XML 1.0 forbids in ${where}: ${JSON.stringify(raw)}`);
  if (/[<]/.test(raw) || /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(raw)) throw new Error(`unescaped markup in ${where}: ${JSON.stringify(raw)}`);
  return raw.replace(ENTITY, (_, name: string | undefined, dec: string | undefined, hex: string | undefined) =>
    name ? NAMED[name] as string : String.fromCodePoint(dec ? Number(dec) : parseInt(hex as string, 16)));
}

/**
 * A strict little XML parser for tests: one root element after an optional declaration, no
 * comments, DTDs or CDATA. It throws on anything not well-formed, on unescaped `<` or `&`, on
 * forbidden characters, and on raw tab/CR/LF inside attribute values (which XML would silently
 * turn into spaces).
 */
export function parseXml(xml: string): XmlElement {
  const body = xml.replace(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n/, '');
  const token = /<\/([A-Za-z_][\w.-]*)\s*>|<([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"]*")*)\s*(\/?)>|([^<]+)/y;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let at = 0;
  while (at < body.length) {
    token.lastIndex = at;
    const m = token.exec(body);
    if (!m) throw new Error(`not well-formed at offset ${at}: ${JSON.stringify(body.slice(at, at + 40))}`);
    at = token.lastIndex;
    const [, close, open, attributeText, selfClosing, text] = m;
    const top = stack[stack.length - 1];
    if (text !== undefined) {
      if (!top) {
        if (text.trim() !== '') throw new Error(`text outside the root element: ${JSON.stringify(text)}`);
        continue;
      }
      top.text += decode(text, `the text of <${top.name}>`);
    } else if (close !== undefined) {
      if (!top || top.name !== close) throw new Error(`</${close}> does not close <${top?.name ?? 'nothing'}>`);
      stack.pop();
    } else {
      const element: XmlElement = { name: open as string, attributes: {}, children: [], text: '' };
      for (const [, name, value] of (attributeText as string).matchAll(/([A-Za-z_][\w.-]*)="([^"]*)"/g)) {
        if ((name as string) in element.attributes) throw new Error(`duplicate attribute ${name} on <${open}>`);
        if (/[\t\r\n]/.test(value as string)) throw new Error(`raw tab or newline in attribute ${name} of <${open}>`);
        element.attributes[name as string] = decode(value as string, `attribute ${name} of <${open}>`);
      }
      if (top) top.children.push(element);
      else if (root) throw new Error('a second root element');
      else root = element;
      if (!selfClosing) stack.push(element);
    }
  }
  if (stack.length > 0) throw new Error(`<${stack[stack.length - 1]?.name}> is never closed`);
  if (!root) throw new Error('no root element');
  return root;
}
