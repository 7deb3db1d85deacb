import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeXmlAttribute, escapeXmlText, xmlAttributes } from '../../src/report/xml.js';
import { parseXml } from './xml-tree.js';

// Each input must come back from a strict parser unchanged, except characters XML 1.0 cannot
// carry at all, which become U+FFFD.
const CASES: Array<[string, string, string]> = [
  ['plain text', 'BootNotification:p(95)<=200ms', 'BootNotification:p(95)<=200ms'],
  ['markup characters', `a < b && c > "d" 'e'`, `a < b && c > "d" 'e'`],
  ['entity look-alikes stay literal', '&amp; &#10; &lt;', '&amp; &#10; &lt;'],
  ['tab, newline and carriage return', 'line 1\n\tline 2\r\n', 'line 1\n\tline 2\r\n'],
  ['C0 control characters', 'bell\u0007 nul\u0000 esc\u001b', 'bell\uFFFD nul\uFFFD esc\uFFFD'],
  ['non-characters and lone surrogates', 'x\uFFFEy\uD800z\uDC00', 'x\uFFFDy\uFFFDz\uFFFD'],
  ['emoji and accents (surrogate pairs kept)', 'Ladestation Köln 🔌', 'Ladestation Köln 🔌'],
];

for (const [what, input, expected] of CASES) {
  test(`${what} survive escaping in attributes and in text`, () => {
    const xml = `<e ${xmlAttributes({ a: input })}>${escapeXmlText(input)}</e>`;
    const element = parseXml(xml);
    assert.equal(element.attributes.a, expected);
    assert.equal(element.text, expected);
  });
}

test('attributes escape both quote kinds and whitespace other than spaces; text keeps quotes and newlines', () => {
  assert.equal(escapeXmlAttribute(`"x" 'y'\n\t`), '&quot;x&quot; &apos;y&apos;&#10;&#9;');
  assert.equal(escapeXmlText(`"x" 'y'\n\t<&>`), `"x" 'y'\n\t&lt;&amp;&gt;`);
  assert.equal(xmlAttributes({ name: 'a&b', tests: 3 }), 'name="a&amp;b" tests="3"');
});

test('the test parser rejects what is not well-formed, so the cases above prove something', () => {
  assert.throws(() => parseXml('<e a="x<y"/>'), /unescaped markup/);
  assert.throws(() => parseXml('<e>a & b</e>'), /unescaped markup/);
  assert.throws(() => parseXml('<e>\u0007</e>'), /forbids/);
  assert.throws(() => parseXml('<e a="1\n2"/>'), /raw tab or newline/);
  assert.throws(() => parseXml('<e><f></e>'), /does not close/);
});
