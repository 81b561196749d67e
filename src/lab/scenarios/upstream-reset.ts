import type { ScenarioSpec, TrafficPhase } from '../model.js';
import { nginxProxy, nodeApi, onOneNetwork } from './common.js';

const orders = (pauseBeforeMs?: number): TrafficPhase => ({
  count: 5,
  method: 'GET',
  path: '/api/orders',
  intervalMs: 50,
  ...(pauseBeforeMs ? { pauseBeforeMs } : {}),
});
const exportCsv: TrafficPhase = { count: 1, method: 'GET', path: '/api/export.csv', intervalMs: 0, pauseBeforeMs: 100 };

export const upstreamReset: ScenarioSpec = {
  name: 'upstream-reset',
  cause: 'upstream-reset',
  description: 'The API crashes in the middle of streaming a CSV export; nginx passes on a cut-off response.',
  story:
    "The export handler dereferences an undefined row after the headers and the first lines are sent: `TypeError: Cannot read properties of undefined`, the worker dies (the cluster primary starts a new one). nginx has a 200 with Content-Length and half a body: `upstream prematurely closed connection while reading upstream`; the client's download is cut. Other requests keep working.",
  ...onOneNetwork('compose', 'shop', 'front', ['proxy', 'api']),
  proxy: nginxProxy(),
  backends: [nodeApi({ command: ['node', 'cluster.js'], behaviour: { crashPath: '/api/export', restartWorker: true } })],
  traffic: {
    phases: [orders(), exportCsv, orders(500), exportCsv, orders(500), exportCsv, orders(500)],
    timeoutMs: 5000,
    deadlineMs: 20_000,
    expect: [
      { outcome: 'ABORTED', atLeast: 3 },
      { outcome: 200, atLeast: 15 },
    ],
  },
  checks: { namedBy: ['logs'], logsBackends: ['api'], probeTarget: 'http://api:3000/api/export.csv' },
  evidence: [
    {
      source: 'proxy',
      pattern: /upstream prematurely closed connection while reading upstream, .*request: "GET \/api\/export\.csv HTTP\/1\.1"/,
      signature: 'nginx/upstream-closed-during-body',
    },
    { source: 'api', pattern: /TypeError: Cannot read properties of undefined \(reading 'totals'\)/ },
  ],
};
