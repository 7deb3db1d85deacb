import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { checksFor } from '../../src/check/checks/index.js';
import type { CheckSettings } from '../../src/check/context.js';
import { CHECK_DEFAULTS } from '../../src/check/defaults.js';
import { runChecks } from '../../src/check/run-checks.js';
import { HELD_ID, REFUSED_ID, startIndependentCsms } from '../helpers/ocpp-rpc-csms.js';

// ocpp-sim check against a central system it did not write the server side of: ocpp-rpc's
// RPCServer in strict mode with a small CSMS on top (test/helpers/ocpp-rpc-csms.ts).

const PASSWORD = 'independent-password';

/**
 * Where ocpp-rpc 2.2 itself departs from the OCPP-J error tables (brief §2.4–2.5), so these checks
 * fail against any CSMS built on it, with these answers. Every other check must pass.
 */
const OCPP_RPC_DEVIATIONS: Readonly<Record<string, RegExp>> = {
  // A CALL without its payload element is validated as an undefined payload: a type error.
  'rpc-malformed-call': /got CALLERROR TypeConstraintViolation$/,
  // Its 1.6 "errata workaround" swaps the two spellings: 1.6 gets the 2.0.1 word and 2.0.1 the 1.6 one.
  'rpc-missing-field': /got CALLERROR (OccurrenceConstraintViolation|OccurenceConstraintViolation)$/,
  // `enum` is missing from its keyword table, so a bad value falls back to FormatViolation.
  'rpc-bad-enum': /got CALLERROR (FormatViolation|FormationViolation)$/,
  // `additionalProperties` is mapped to PropertyConstraintViolation instead of a format violation.
  'rpc-extra-property': /got CALLERROR PropertyConstraintViolation$/,
  // A handshake offering no subprotocol is accepted and kept open.
  'subprotocol-unsupported': /no subprotocol offered: the CSMS completed the handshake without a subprotocol and kept the connection open$/,
};

for (const version of ['ocpp1.6', 'ocpp2.0.1'] as const) {
  test(`every ${version} check passes against a strict ocpp-rpc CSMS but the ${Object.keys(OCPP_RPC_DEVIATIONS).length} where ocpp-rpc departs from OCPP-J`, { timeout: 120_000 }, async () => {
    const csms = await startIndependentCsms([CHECK_DEFAULTS.idTag], PASSWORD);
    try {
      const settings: CheckSettings = {
        url: csms.url, version, idPrefix: 'indep-', idTag: CHECK_DEFAULTS.idTag, unknownIdTag: `UNKNOWN-${randomBytes(6).toString('hex')}`,
        connectors: CHECK_DEFAULTS.connectors, password: PASSWORD, triggerUrl: csms.triggerUrl, triggerHeaders: {}, pendingId: HELD_ID, rejectedId: REFUSED_ID,
        callTimeoutMs: CHECK_DEFAULTS.callTimeoutMs, handshakeTimeoutMs: CHECK_DEFAULTS.handshakeTimeoutMs, quietMs: CHECK_DEFAULTS.quietMs,
        maxClockSkewSec: CHECK_DEFAULTS.maxClockSkewSec, checkTimeoutMs: CHECK_DEFAULTS.checkTimeoutMs,
      };
      const outcomes = await runChecks(checksFor(version), settings);
      const failed = outcomes.filter((o) => o.status === 'failed');
      assert.deepEqual(failed.map((o) => o.name).sort(), Object.keys(OCPP_RPC_DEVIATIONS).sort(), failed.map((o) => `${o.name}: ${o.detail}`).join('\n'));
      for (const o of failed) assert.match(o.detail, OCPP_RPC_DEVIATIONS[o.name] as RegExp, o.name);
      const passed = outcomes.filter((o) => o.status === 'passed').map((o) => o.name);
      for (const name of ['boot-accepted', 'transaction-full', 'rpc-repeated-message-id', 'same-id-replaces', 'basic-auth-wrong-password', 'trigger-remote-start', 'rpc-one-call-outstanding', 'boot-pending', 'boot-rejected']) {
        assert.ok(passed.includes(name), `${name} passed`);
      }
      assert.equal(outcomes.filter((o) => o.status === 'skipped').length, 3, 'only the TLS checks are skipped');
    } finally {
      await csms.close();
    }
  });
}
