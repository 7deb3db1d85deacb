import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startGateway, type Gateway } from '../../src/gateway/server.js';
import type { OcppVersion } from '../../src/protocol/versions.js';
import { assertOutcome, frameCorpus, forVersion, gatewayPayloadCorpus } from '../helpers/bad-frames.js';
import { RawClient } from '../helpers/raw-peer.js';

// Malformed input sent to the embedded central system from a raw `ws` client, for each version
// it serves: every frame gets the CallError the error policy names (src/protocol/error-policy.ts,
// brief §2.5, 1.6 spellings on 1.6), or nothing when a response is broken, or — for what the
// WebSocket layer refuses — a close of that connection only. Meanwhile a well-behaved charge
// point on another connection is served as if nothing happened.

const MAX_PAYLOAD = 16 * 1024;
const VERSIONS: OcppVersion[] = ['ocpp1.6', 'ocpp2.0.1'];

async function withGateway(fn: (gateway: Gateway) => Promise<void>): Promise<void> {
  const gateway = await startGateway({ port: 0, maxPayload: MAX_PAYLOAD });
  try {
    await fn(gateway);
  } finally {
    await gateway.close();
  }
}

for (const version of VERSIONS) {
  test(`the gateway (${version}) answers each malformed frame per the error policy or drops it, and keeps serving the connection`, async () => {
    await withGateway(async (gateway) => {
      const client = await RawClient.connect(`${gateway.url}/BAD-CP`, version);
      try {
        const corpus = [...forVersion(frameCorpus(MAX_PAYLOAD), version).filter((entry) => !entry.closes), ...gatewayPayloadCorpus(version)];
        for (const entry of corpus) {
          const from = client.received.length;
          client.send(entry.wire);
          assertOutcome(entry.name, entry.expect, await client.probe(from));
        }
        assert.ok(client.isOpen, 'no bad frame closed the connection');
      } finally {
        client.close();
      }
    });
  });

  test(`the gateway (${version}) closes only the connection that sent a frame the WebSocket layer refuses, and serves the others`, async () => {
    await withGateway(async (gateway) => {
      const good = await RawClient.connect(`${gateway.url}/GOOD-CP`, version);
      try {
        for (const entry of forVersion(frameCorpus(MAX_PAYLOAD), version).filter((e) => e.closes)) {
          const bad = await RawClient.connect(`${gateway.url}/BAD-CP`, version);
          bad.send(entry.wire);
          const code = await bad.whenClosed();
          assert.deepEqual({ close: code }, entry.expect, `${entry.name}: closed with ${code}`);
          const answer = await good.probe(good.received.length);
          assert.deepEqual(answer, [], `${entry.name}: the other connection is still served`);
        }
        assert.ok(good.isOpen);
        assert.equal(gateway.connectionCount, 1, 'only the well-behaved connection is left');
      } finally {
        good.close();
      }
    });
  });
}

test('a well-behaved client keeps getting answers while another floods the gateway with the whole corpus', async () => {
  await withGateway(async (gateway) => {
    const good = await RawClient.connect(`${gateway.url}/GOOD-CP`, 'ocpp1.6');
    const bad = await RawClient.connect(`${gateway.url}/BAD-CP`, 'ocpp1.6');
    try {
      const corpus = forVersion(frameCorpus(MAX_PAYLOAD), 'ocpp1.6').filter((entry) => !entry.closes);
      let answered = 0;
      for (let round = 0; round < 50; round++) {
        for (const entry of corpus) bad.send(entry.wire);
        const replies = await good.probe(good.received.length);
        assert.deepEqual(replies, []);
        answered++;
      }
      assert.equal(answered, 50);
      await bad.probe(bad.received.length);
      assert.ok(bad.isOpen && good.isOpen);
    } finally {
      good.close();
      bad.close();
    }
  });
});
