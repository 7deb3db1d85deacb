import assert from 'node:assert/strict';
import { test } from 'node:test';
import { effectiveAction, latencyActions, stepAction } from '../../../src/ui/dashboard/selection.js';

const ACTIONS = ['BootNotification', 'Heartbeat', 'StatusNotification'];

test('the selected action stays while it exists and falls back to the first', () => {
  const cases: Array<[string[], string | undefined, string | undefined]> = [
    [ACTIONS, 'Heartbeat', 'Heartbeat'], [ACTIONS, undefined, 'BootNotification'], [ACTIONS, 'Authorize', 'BootNotification'], [[], 'Heartbeat', undefined],
  ];
  for (const [actions, current, shown] of cases) assert.equal(effectiveAction(actions, current), shown);
});

test('stepping moves through the actions and wraps around both ends', () => {
  const cases: Array<[string | undefined, number, string | undefined]> = [
    [undefined, 1, 'Heartbeat'], ['Heartbeat', 1, 'StatusNotification'], ['StatusNotification', 1, 'BootNotification'],
    ['BootNotification', -1, 'StatusNotification'], ['Heartbeat', -1, 'BootNotification'], ['Gone', 1, 'Heartbeat'],
  ];
  for (const [current, delta, next] of cases) assert.equal(stepAction(ACTIONS, current, delta), next, `${current} ${delta}`);
  assert.equal(stepAction([], 'Heartbeat', 1), undefined);
});

test('only actions with answers are listed, alphabetically', () => {
  assert.deepEqual(latencyActions({ StatusNotification: { count: 2 }, Authorize: { count: 0 }, BootNotification: { count: 1 } }), ['BootNotification', 'StatusNotification']);
});
