import { ALL_CHECKS } from './checks/index.js';
import { reference } from './report.js';

const cell = (text: string): string => text.replace(/\|/g, '\\|');

/**
 * The Markdown table of every check docs/check.md carries (generated, so the list is always the
 * code's): name, the reference in each version (— where it does not apply), what it needs, what it proves.
 */
export function checksTable(): string {
  const rows = ALL_CHECKS.map((check) => {
    const ref = (version: 'ocpp1.6' | 'ocpp2.0.1'): string => {
      const r = check.refs[version];
      return r ? cell(reference(r)) : '—';
    };
    return `| \`${check.name}\` | ${ref('ocpp1.6')} | ${ref('ocpp2.0.1')} | ${check.needs ? check.needs.join(', ') : ''} | ${cell(check.proves)} |`;
  });
  return ['| check | OCPP 1.6 | OCPP 2.0.1 | needs | a pass proves |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}
