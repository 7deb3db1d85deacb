/** One `<testcase>` of a JUnit report, attributes decoded. */
export interface JUnitCase {
  classname: string;
  name: string;
  /** The `<failure>` element's attributes, when the case fails. */
  failure: { type: string; message: string } | undefined;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#\d+);/g, (_, name: string) =>
    name.startsWith('#') ? String.fromCodePoint(Number(name.slice(1))) : ENTITIES[name] as string);
}

function attributes(text: string): Record<string, string> {
  return Object.fromEntries([...text.matchAll(/([\w.-]+)="([^"]*)"/g)].map(([, key, value]) => [key as string, decode(value as string)]));
}

/**
 * The testcases of a JUnit XML report, in document order, read with regular expressions (the
 * shape ocpp-sim writes: `<testcase …/>` or `<testcase …><failure …>…</failure></testcase>`).
 */
export function junitCases(xml: string): JUnitCase[] {
  return [...xml.matchAll(/<testcase\s([^>]*?)\s*(?:\/>|>([\s\S]*?)<\/testcase>)/g)].map(([, head, body]) => {
    const own = attributes(head as string);
    const failure = body === undefined ? undefined : /<failure\s([^>]*?)\s*(?:\/>|>)/.exec(body);
    const failureAttributes = failure ? attributes(failure[1] as string) : undefined;
    return {
      classname: own.classname ?? '',
      name: own.name ?? '',
      failure: failureAttributes ? { type: failureAttributes.type ?? '', message: failureAttributes.message ?? '' } : undefined,
    };
  });
}

/** The `failures` attribute of the root `<testsuites>` element, or NaN when missing. */
export function junitFailureCount(xml: string): number {
  return Number(/<testsuites\s[^>]*\bfailures="(\d+)"/.exec(xml)?.[1]);
}
