import { test } from 'node:test';
import assert from 'node:assert/strict';
import AjvModule from 'ajv';
import { OcppError } from '../../src/protocol/errors.js';
import { validatorFor, type Direction } from '../../src/protocol/validator.js';
import { loadVersions, schemasOf, SUPPORTED_VERSIONS } from '../../src/protocol/versions.js';

// ajv is CommonJS; its default export sits one level down under NodeNext.
const Ajv = AjvModule.default ?? AjvModule;

await loadVersions(SUPPORTED_VERSIONS);

test('every schema of every version is valid against the JSON Schema meta-schema (the validators do not check it at run time)', () => {
  for (const version of SUPPORTED_VERSIONS) {
    const meta = new Ajv({ strictSchema: false, strictTypes: false });
    for (const [key, schema] of schemasOf(version)) assert.equal(meta.validateSchema(schema), true, `${version} ${key}: ${meta.errorsText()}`);
  }
});

test('every schema of every version compiles: an empty payload is accepted or refused with an OcppError, never a compile error', () => {
  for (const version of SUPPORTED_VERSIONS) {
    const validator = validatorFor(version);
    let checked = 0;
    for (const action of validator.actions) {
      for (const direction of ['req', 'conf'] as Direction[]) {
        if (!schemasOf(version).has(`${action}.${direction}`)) continue;
        try {
          validator.validate(action, direction, {});
        } catch (error) {
          assert.ok(error instanceof OcppError && error.kind !== 'NotImplemented', `${version} ${action}.${direction}: ${(error as Error).message}`);
        }
        checked++;
      }
    }
    assert.equal(checked, schemasOf(version).size, `${version}: every schema of the set was compiled`);
  }
});
