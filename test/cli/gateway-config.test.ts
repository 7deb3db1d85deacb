import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CliError } from '../../src/cli/errors.js';
import { resolveGatewayConfig } from '../../src/cli/gateway-config.js';
import { main } from '../../src/cli/main.js';
import { fakeIo } from '../helpers/fake-io.js';
import { waitUntil } from '../helpers/poll.js';
import { oneErrorLine, runCli, withTempDir } from '../helpers/cli-run.js';
import { withTimeout } from '../helpers/wait.js';
import { OcppTestClient } from '../gateway/ocpp-test-client.js';

const FILE = `server:
  host: 127.0.0.1
  port: 0
  websocket_path: /from-file
  read_timeout: 4s
  max_connections: 7
ocpp:
  boot_status: Accepted:90,Pending:10
  rate_limit: 5
faults:
  response_delay: uniform:10ms-20ms
  call_error_ratio: 0.25
  seed: 9
security:
  passwords_file: secrets/passwords.txt
log:
  level: warn
`;

async function writeConfig(dir: string): Promise<void> {
  await mkdir(join(dir, 'secrets'));
  await writeFile(join(dir, 'secrets', 'passwords.txt'), '# comment\nCP-1:one-password\n*:shared-password\n');
  await writeFile(join(dir, 'gateway.yaml'), FILE);
}

test('gateway settings layer defaults < config file < environment < flags', () => withTempDir(async (dir) => {
  await writeConfig(dir);
  const resolve = (env: Record<string, string>, flags: Record<string, unknown>): ReturnType<typeof resolveGatewayConfig> =>
    resolveGatewayConfig({ config: 'gateway.yaml', ...flags }, new Set(['config', ...Object.keys(flags)]), fakeIo(dir, env).io);
  const fromFile = (await resolve({}, {})).options;
  assert.equal(fromFile.path, '/from-file');
  assert.equal(fromFile.readTimeoutMs, 4000);
  assert.equal(fromFile.writeTimeoutMs, 30_000, 'a default where the file says nothing');
  assert.equal(fromFile.maxConnections, 7);
  assert.deepEqual(fromFile.bootStatus, { Accepted: 90, Pending: 10 });
  assert.deepEqual(fromFile.responseDelay, { kind: 'uniform', minMs: 10, maxMs: 20 });
  assert.equal(fromFile.callErrorRatio, 0.25);
  assert.equal(fromFile.seed, 9);
  assert.equal(fromFile.rateLimitPerSec, 5);
  assert.equal(fromFile.logLevel, 'warn');
  assert.deepEqual(fromFile.auth, { passwords: { 'CP-1': 'one-password' }, password: 'shared-password' }, 'the path is relative to the config file');
  const env = { SERVER_WEBSOCKET_PATH: '/from-env', SERVER_READ_TIMEOUT: '2s', SERVER_WRITE_TIMEOUT: '0', MAX_CONNECTIONS: '3', LOG_LEVEL: 'debug', SERVER_HOST: '127.0.0.1', SERVER_PORT: '0' };
  const fromEnv = (await resolve(env, {})).options;
  assert.deepEqual([fromEnv.path, fromEnv.readTimeoutMs, fromEnv.writeTimeoutMs, fromEnv.maxConnections, fromEnv.logLevel], ['/from-env', 2000, 0, 3, 'debug']);
  const fromFlags = (await resolve(env, { path: '/from-flag', maxConnections: '1', logLevel: 'error' })).options;
  assert.deepEqual([fromFlags.path, fromFlags.maxConnections, fromFlags.logLevel, fromFlags.readTimeoutMs], ['/from-flag', 1, 'error', 2000]);
}));

test('every bad gateway setting is reported at once, named by where it came from, exit 104', () => withTempDir(async (dir) => {
  await writeFile(join(dir, 'bad.yaml'), 'server:\n  port: 99999\n  colour: blue\nfaults:\n  drop_ratio: 2\n');
  const error = await resolveGatewayConfig({ config: 'bad.yaml', bootStatus: 'Maybe' }, new Set(['config', 'bootStatus']), fakeIo(dir, { OCPP_SIM_GATEWAY_READ_TIMEOUT: 'soon' }).io)
    .then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof CliError && error.exitCode === 104, String(error));
  for (const part of ["unknown setting 'server.colour'", 'bad.yaml: server.port', 'bad.yaml: faults.drop_ratio', 'OCPP_SIM_GATEWAY_READ_TIMEOUT', '--boot-status']) {
    assert.ok(error.message.includes(part), `${part} in: ${error.message}`);
  }
}));

test('a generic variable the gateway cannot use (LOG_LEVEL=verbose, SERVER_PORT=http) is skipped with one warning each; OCPP_SIM_GATEWAY_* is strict and wins', () => withTempDir(async (dir) => {
  await writeConfig(dir);
  const generic = { LOG_LEVEL: 'verbose', SERVER_PORT: 'http', SERVER_READ_TIMEOUT: 'soon', MAX_CONNECTIONS: '5' };
  const config = await resolveGatewayConfig({ config: 'gateway.yaml' }, new Set(['config']), fakeIo(dir, generic).io);
  assert.equal(config.options.logLevel, 'warn', 'from the file, the next layer down');
  assert.equal(config.options.port, 0, 'from the file');
  assert.equal(config.options.readTimeoutMs, 4000, 'from the file');
  assert.equal(config.options.maxConnections, 5, 'a usable generic value is used');
  assert.equal(config.warnings.length, 3, config.warnings.join('\n'));
  assert.match(config.warnings[0] as string, /^SERVER_PORT=http ignored: not an integer from 0 to 65535; using server\.port from gateway\.yaml \(OCPP_SIM_GATEWAY_PORT is read strictly\)$/);
  assert.match(config.warnings.join('\n'), /^LOG_LEVEL=verbose ignored: not a gateway log level \(error, warn, info, debug\); using log\.level from gateway\.yaml/m);
  const noFile = await resolveGatewayConfig({}, new Set(), fakeIo(dir, { LOG_LEVEL: 'verbose' }).io);
  assert.equal(noFile.options.logLevel, 'info');
  assert.match(noFile.warnings[0] as string, /using the default info/);
  const strict = await resolveGatewayConfig({}, new Set(), fakeIo(dir, { LOG_LEVEL: 'verbose', OCPP_SIM_GATEWAY_LOG_LEVEL: 'debug', OCPP_SIM_GATEWAY_ALLOWED_ORIGIN: 'https://a.example, https://b.example' }).io);
  assert.equal(strict.options.logLevel, 'debug');
  assert.deepEqual(strict.options.allowedOrigins, ['https://a.example', 'https://b.example']);
  assert.deepEqual(strict.warnings, [], 'no warning when the strict name decides');
  const bad = await runCli(['gateway'], { cwd: dir, env: { OCPP_SIM_GATEWAY_LOG_LEVEL: 'verbose' } });
  assert.equal(bad.code, 104);
  assert.match(oneErrorLine(bad), /OCPP_SIM_GATEWAY_LOG_LEVEL must be one of error, warn, info, debug \(got 'verbose'\)/);
}));

test('ocpp-sim gateway listens where the environment says, logs frames at LOG_LEVEL=debug, and stops on Ctrl-C', () => withTempDir(async (dir) => {
  const fake = fakeIo(dir, { SERVER_PORT: '0', SERVER_WEBSOCKET_PATH: '/env-path', LOG_LEVEL: 'debug', SERVER_WORKERS: 'many' });
  const running = main(['gateway', '--password', 'flag-password', '--log-format', 'json', '--seed', '5', '--unanswered-ratio', '0.2',
    '--drop-ratio', '0.1', '--call-error-ratio', '0.1', '--response-delay', 'exp:5ms', '--boot-status', 'Accepted:1,Rejected:1'], fake.io);
  await waitUntil(() => /listening on/.test(fake.stdout()), 3000, 'the listening line');
  const url = /listening on (ws:\/\/\S+)\/\{chargePointId\}/.exec(fake.stdout())?.[1] as string;
  assert.match(url, /^ws:\/\/127\.0\.0\.1:\d+\/env-path$/);
  const client = await OcppTestClient.connect(url, 'CP-9').then(() => 'open', (e: Error) => e.message);
  assert.match(client, /401/, 'Basic auth from --password');
  const lines = fake.stderrLines().map((l) => JSON.parse(l) as { level: string; msg: string });
  assert.ok(lines.some((l) => l.level === 'info' && /refused: 401/.test(l.msg)), fake.stderr());
  assert.ok(lines.some((l) => /random choices seeded with 5 /.test(l.msg)), 'the fault flags reached the gateway');
  assert.ok(lines.some((l) => l.level === 'warn' && /^SERVER_WORKERS=many ignored: not an integer >= 1 or 'auto'; using the default 1/.test(l.msg)), 'the skipped variable is logged as a warning record');
  assert.ok(fake.interrupt());
  assert.equal(await withTimeout(running, 5000, 'the gateway to stop'), 0);
}));

test('a --tls-cert without --tls-key, or an unreadable passwords file, exits 104 with one line', () => withTempDir(async (dir) => {
  const partial = await runCli(['gateway', '--tls-cert', 'cert.pem', '--port', '0'], { cwd: dir });
  assert.equal(partial.code, 104);
  assert.match(oneErrorLine(partial), /--tls-cert and --tls-key go together/);
  const missing = await runCli(['gateway', '--passwords-file', 'nope.txt', '--port', '0'], { cwd: dir });
  assert.equal(missing.code, 104);
  assert.match(oneErrorLine(missing), /--passwords-file: cannot read .*nope\.txt \(ENOENT\)/);
}));

test('the API token comes from --api-token, --api-token-file, OCPP_SIM_API_TOKEN or the config file, the later layer winning', () => withTempDir(async (dir) => {
  await writeFile(join(dir, 'token.txt'), 'file-token-0123456789abcdef\n');
  await writeFile(join(dir, 'gw.yaml'), 'security:\n  api_token_file: token.txt\n  allowed_hosts: [gw.example]\n');
  const resolve = async (env: Record<string, string>, flags: Record<string, unknown>): Promise<string | undefined> =>
    (await resolveGatewayConfig(flags, new Set(Object.keys(flags)), fakeIo(dir, env).io)).options.apiToken;
  const env = { OCPP_SIM_API_TOKEN: 'env-token-0123456789abcdef' };
  assert.equal(await resolve({}, {}), undefined);
  assert.equal(await resolve({}, { config: 'gw.yaml' }), 'file-token-0123456789abcdef', 'the config file, path relative to it');
  assert.equal(await resolve(env, { config: 'gw.yaml' }), 'env-token-0123456789abcdef', 'the environment over the config file');
  assert.equal(await resolve(env, { apiTokenFile: 'token.txt' }), 'file-token-0123456789abcdef', 'a flag over the environment');
  assert.equal(await resolve(env, { apiToken: 'flag-token-0123456789abcdef' }), 'flag-token-0123456789abcdef');
  const hosts = (await resolveGatewayConfig({ config: 'gw.yaml', allowedHost: ['a.example'] }, new Set(['config', 'allowedHost']), fakeIo(dir, {}).io)).options.allowedHosts;
  assert.deepEqual(hosts, ['a.example']);
}));

test('empty or whitespace passwords, short API tokens and two token flags are refused at start with one line, exit 104', () => withTempDir(async (dir) => {
  await writeFile(join(dir, 'blank.txt'), 'CP-1:   \n');
  await writeFile(join(dir, 'short.txt'), 'abc\n');
  const cases: Array<[string[], RegExp]> = [
    [['--password', ''], /--password: the password is empty or whitespace/],
    [['--password', '   '], /--password: the password is empty or whitespace/],
    [['--passwords-file', 'blank.txt'], /--passwords-file:1: expected 'id:password' with a password that is not empty/],
    [['--api-token', 'short'], /--api-token: the API token must be at least 16 printable ASCII characters/],
    [['--api-token-file', 'short.txt'], /--api-token-file \(.*short\.txt\): the API token must be at least 16/],
    [['--api-token', 'flag-token-0123456789abcdef', '--api-token-file', 'short.txt'], /--api-token and --api-token-file both set the API token/],
  ];
  for (const [flags, message] of cases) {
    const run = await runCli(['gateway', '--port', '0', ...flags], { cwd: dir });
    assert.equal(run.code, 104, flags.join(' '));
    assert.match(oneErrorLine(run), message);
  }
}));

test('the certificate CN check is on by default and turned off by --no-cert-id-check or security.cert_id_check: false', () => withTempDir(async (dir) => {
  await writeFile(join(dir, 'lax.yaml'), 'security:\n  cert_id_check: false\n');
  const check = async (flags: Record<string, unknown>): Promise<boolean | undefined> =>
    (await resolveGatewayConfig(flags, new Set(Object.keys(flags)), fakeIo(dir, {}).io)).options.certIdCheck;
  assert.equal(await check({}), true);
  assert.equal(await check({ certIdCheck: false }), false);
  assert.equal(await check({ config: 'lax.yaml' }), false);
}));

test('--misbehave, --id-tags and --boot-status-for resolve into gateway options; an unknown switch or status is a 104 problem', () => withTempDir(async (dir) => {
  const flags = { misbehave: ['no-pong,heartbeat-clock-skew'], idTags: ['A,B', 'C'], bootStatusFor: ['CP7=Pending'] };
  const { options } = await resolveGatewayConfig(flags, new Set(Object.keys(flags)), fakeIo(dir).io);
  assert.deepEqual(options.misbehave, ['no-pong', 'heartbeat-clock-skew']);
  assert.deepEqual(options.idTags, ['A', 'B', 'C']);
  assert.deepEqual({ ...options.bootStatusById }, { CP7: 'Pending' });
  const bad = { misbehave: ['no-such-switch'], bootStatusFor: ['CP7=Maybe'] };
  const error = await resolveGatewayConfig(bad, new Set(Object.keys(bad)), fakeIo(dir).io).then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof CliError);
  assert.match(error.message, /--misbehave: unknown switch 'no-such-switch'.*--boot-status-for must be ID=Accepted\|Pending\|Rejected \(got 'CP7=Maybe'\)/);
}));
