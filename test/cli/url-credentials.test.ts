import assert from 'node:assert/strict';
import { test } from 'node:test';
import { oneErrorLine, runCli, withTempDir } from '../helpers/cli-run.js';

test('a --url carrying credentials is refused with exit 104, pointing to --password, and the password is not echoed', async () => {
  await withTempDir(async (dir) => {
    const fake = await runCli(['run', '--url', 'ws://CP-001:s3cret@127.0.0.1:1/ocpp', '--count', '1', '--duration', '1s'], { cwd: dir });
    assert.equal(fake.code, 104);
    const line = oneErrorLine(fake);
    assert.match(line, /--url must not carry credentials: use --password/);
    assert.doesNotMatch(line, /s3cret/);
  });
});
