/** Characters XML 1.0 does not allow at all (C0 controls but tab/LF/CR, U+FFFE/U+FFFF, lone surrogates). */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const TEXT_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };
const ATTRIBUTE_ENTITIES: Record<string, string> = { ...TEXT_ENTITIES, '"': '&quot;', "'": '&apos;', '\n': '&#10;', '\t': '&#9;' };

/**
 * Escapes text for XML element content: markup characters become entities, CR is kept as a
 * character reference, characters XML cannot carry become U+FFFD. Any string in, well-formed out.
 */
export function escapeXmlText(text: string): string {
  return text.replace(FORBIDDEN, '\uFFFD').replace(/[&<>\r]/g, (c) => TEXT_ENTITIES[c] as string);
}

/**
 * Escapes text for a double- or single-quoted XML attribute; tab, LF and CR become character
 * references so they survive attribute-value normalisation.
 */
export function escapeXmlAttribute(text: string): string {
  return text.replace(FORBIDDEN, '\uFFFD').replace(/[&<>"'\r\n\t]/g, (c) => ATTRIBUTE_ENTITIES[c] as string);
}

/** `name="value" …` for an element's start tag, values escaped, in the order given. */
export function xmlAttributes(attributes: Record<string, string | number>): string {
  return Object.entries(attributes).map(([name, value]) => `${name}="${escapeXmlAttribute(String(value))}"`).join(' ');
}
