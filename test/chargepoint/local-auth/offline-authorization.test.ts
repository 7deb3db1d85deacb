import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScenario } from '../../../src/chargepoint/scenario/loader.js';
import { startGateway } from '../../../src/gateway/server.js';
import { Fleet } from '../../../src/runner/fleet.js';
import { csmsLog } from '../../helpers/csms-log.js';
import { fleetOptions } from '../../helpers/fleet-options.js';
import { waitUntil } from '../../helpers/poll.js';

// Authorization while offline (1.6 §3.5, 2.0.1 C12/C15), end to end: the embedded gateway sends
// the local list, the `offline` step cuts the link, and the `authorize` steps under it are
// decided by the charge point alone from the list, LocalAuthorizeOffline and
// AllowOfflineTxForUnknownId (2.0.1 AuthCtrlr.OfflineTxForUnknownIdEnabled).

const CASES = [
  {
    protocol: 'ocpp1.6',
    list: '{ action: SendLocalList, payload: { listVersion: 1, updateType: Full, localAuthorizationList: [{ idTag: LISTED, idTagInfo: { status: Accepted } }, { idTag: BLOCKED, idTagInfo: { status: Blocked } }] } }',
    unknownOn: '{ action: ChangeConfiguration, payload: { key: AllowOfflineTxForUnknownId, value: "true" } }',
  },
  {
    protocol: 'ocpp2.0.1',
    list: '{ action: SendLocalList, payload: { versionNumber: 1, updateType: Full, localAuthorizationList: [{ idToken: { idToken: LISTED, type: ISO14443 }, idTokenInfo: { status: Accepted } }, { idToken: { idToken: BLOCKED, type: ISO14443 }, idTokenInfo: { status: Blocked } }] } }',
    unknownOn: '{ action: SetVariables, payload: { setVariableData: [{ component: { name: AuthCtrlr }, variable: { name: OfflineTxForUnknownIdEnabled }, attributeValue: "true" }] } }',
  },
];

for (const c of CASES) {
  for (const unknownAllowed of [false, true]) {
    test(`${c.protocol}: offline, a listed tag is accepted, a blocked one refused, an unknown one ${unknownAllowed ? 'accepted (offline unknown ids allowed)' : 'refused'}; no Authorize is sent`, async () => {
      const scenario = parseScenario(`protocol: ${c.protocol}
chargePoint: { vendor: V, model: M, connectors: 1 }
steps:
  - boot
  - statusNotification: { connector: all, status: Available }
  - requestCall: ${c.list}
${unknownAllowed ? `  - requestCall: ${c.unknownOn}\n` : ''}  - offline:
      for: 1s
      steps:
        - authorize: { idTag: LISTED }
        - authorize: { idTag: BLOCKED }
        - authorize: { idTag: STRANGER }
  - heartbeat
`, 'offline-authorization.yaml');
      const log = csmsLog();
      const gateway = await startGateway({ port: 0, heartbeatIntervalSec: 60, onMessage: log.onMessage });
      const fleet = new Fleet(fleetOptions(gateway.url, { scenario }));
      fleet.start();
      try {
        const steps = (): Array<[string, { checks: number; failures: number; samples: Array<{ detail: string }> }]> => Object.entries(fleet.snapshot().metrics.steps);
        const authorizeChecks = (): number => steps().filter(([key]) => key.endsWith(' authorize')).reduce((n, [, s]) => n + s.checks, 0);
        await waitUntil(() => authorizeChecks() >= 3 && log.of('BootNotification').length >= 2, 20_000, 'three authorize checks and the boot after the cut');
        const failed = steps().flatMap(([, s]) => s.samples.map((f) => f.detail));
        const expected = ['authorize: BLOCKED is Blocked (decided by the charge point (offline))'];
        if (!unknownAllowed) expected.push('authorize: STRANGER is Invalid (decided by the charge point (offline))');
        assert.deepEqual(failed, expected);
        assert.deepEqual(log.of('Authorize'), [], 'nothing was asked of the central system');
      } finally {
        await fleet.stop();
        await gateway.close();
      }
    });
  }
}
