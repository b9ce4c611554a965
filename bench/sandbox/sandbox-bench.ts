import { AIF_NS, documentNamespace, soapActionFor } from '../../src/connectors/ax/client/namespaces.js';
import { KfaxError } from '../../src/errors/kfax-error.js';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/sandbox.js';
import { hasWrk, runWrk, type WrkResult } from '../lib/wrk.js';
import { kashflowToken } from '../lib/kashflow-token.js';

/** Options of {@link runSandboxBench}. */
export interface SandboxBenchOptions {
  /** Seconds per measured run. Default 10 (quick: 3). */
  durationSeconds: number;
  /** Concurrent keep-alive connections of the load generator. Default 32. */
  connections: number;
  /** Invoices to create before the KashFlow list benchmark. Default 2,000. */
  invoices: number;
  log?: (line: string) => void;
}

/** One measured endpoint, with the same server's trivial endpoint as the baseline. */
export interface EndpointFigures {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  /** Trivial control endpoint on the same server and run length. */
  baselineRequestsPerSecond: number;
  /** requestsPerSecond / baselineRequestsPerSecond. */
  ratioToBaseline: number;
}

export interface SandboxBenchResult {
  kashflowListPage: EndpointFigures;
  axCreate: EndpointFigures;
  durationSeconds: number;
  connections: number;
}

/**
 * Measures the sandboxes with wrk (a separate process): authenticated KashFlow list pages
 * (`GET /v2/invoices?page=N&perpage=25`) and small AX `CustomerService.create` calls over
 * Basic auth with a fresh MessageId each. Each figure comes with the same server's trivial
 * `/_sandbox/health` rate as a baseline measured in the same script.
 */
export async function runSandboxBench(options: SandboxBenchOptions): Promise<SandboxBenchResult> {
  if (!(await hasWrk())) throw new KfaxError('KFAX_CLI_USAGE', ['the sandbox benchmark needs wrk on the PATH (Debian: apt-get install -y wrk)']);
  const log = options.log ?? (() => undefined);
  const sandbox = await startSandbox({ seed: 1, profile: 'fast', historicalInvoices: 0 });
  try {
    log(`creating ${options.invoices} invoices in the KashFlow sandbox…`);
    const token = await kashflowToken(sandbox);
    await seedInvoices(sandbox, token, options.invoices);
    const pages = Math.max(1, Math.floor(options.invoices / 25));
    const base = { durationSeconds: options.durationSeconds, connections: options.connections, threads: 1 };

    log('KashFlow: baseline (/_sandbox/health)…');
    const kfBaseline = await runWrk({ ...base, url: `${sandbox.endpoints.control.kashflowUrl}/health` });
    log('KashFlow: GET /v2/invoices?page=N&perpage=25…');
    const kfList = await runWrk({ ...base, url: `${sandbox.endpoints.kashflow.restUrl}/invoices`, headers: { Authorization: `KfToken ${token}`, Accept: 'application/json' }, lua: listLua(pages) });

    log('AX: baseline (/_sandbox/health)…');
    const axBaseline = await runWrk({ ...base, url: `${sandbox.endpoints.control.axUrl}/health` });
    log('AX: CustomerService.create…');
    const ax = sandbox.endpoints.ax;
    const basic = Buffer.from(`${ax.domain}\\${ax.username}:${ax.password}`).toString('base64');
    const axCreate = await runWrk({ ...base, url: ax.url, headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: `"${soapActionFor('CustomerService', 'create')}"` }, lua: createLua(ax.company) });
    return { kashflowListPage: figures(kfList, kfBaseline), axCreate: figures(axCreate, axBaseline), durationSeconds: options.durationSeconds, connections: options.connections };
  } finally {
    await sandbox.close();
  }
}

function figures(run: WrkResult, baseline: WrkResult): EndpointFigures {
  return { requestsPerSecond: Math.round(run.requestsPerSecond), p50Ms: run.latencyP50Ms, p99Ms: run.latencyP99Ms, errors: run.non2xx + run.socketErrors, baselineRequestsPerSecond: Math.round(baseline.requestsPerSecond), ratioToBaseline: Number((run.requestsPerSecond / baseline.requestsPerSecond).toFixed(3)) };
}

async function seedInvoices(sandbox: RunningSandbox, token: string, count: number): Promise<void> {
  const customers = sandbox.context.world.kashflow.customers;
  const headers = { 'content-type': 'application/json', authorization: `KfToken ${token}` };
  for (let i = 0; i < count; i += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, count - i) }, async (_, j) => {
        const c = customers[(i + j) % customers.length];
        const body = { CustomerCode: c?.code, IssuedDate: '2026-11-20 12:00:00', DueDate: '2026-12-20 12:00:00', CustomerReference: `BENCH-${i + j}`, LineItems: [{ Description: 'Bench line', Quantity: 2, Rate: 12.5, NominalCode: 4000, VATLevel: 20 }] };
        const res = await fetch(`${sandbox.endpoints.kashflow.restUrl}/invoices`, { method: 'POST', headers, body: JSON.stringify(body) });
        if (res.status >= 300) throw new Error(`seeding invoice failed: HTTP ${res.status} ${await res.text()}`);
      }),
    );
  }
}

function listLua(pages: number): string {
  return `counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", "/v2/invoices?page=" .. ((counter % ${pages}) + 1) .. "&perpage=25")
end
`;
}

function createLua(company: string): string {
  const before = `<s:Envelope xmlns:s="${AIF_NS.soap11}"><s:Header><CallContext xmlns="${AIF_NS.callContext}"><Company>${company}</Company><MessageId>{`;
  const middle = `}</MessageId></CallContext></s:Header><s:Body><CustomerServiceCreateRequest xmlns="${AIF_NS.services}"><Customer xmlns="${documentNamespace('Customer')}" xmlns:xsi="${AIF_NS.xsi}"><CustTable class="entity"><CustGroup>UK</CustGroup><Currency>GBP</Currency><DirParty class="entity" xsi:type="AxdEntity_DirParty_DirOrganization"><Name>Bench customer `;
  const after = `</Name></DirParty></CustTable></Customer></CustomerServiceCreateRequest></s:Body></s:Envelope>`;
  return `math.randomseed(os.time())
local salt = math.random(0, 65535)
counter = 0
request = function()
  counter = counter + 1
  local id = string.format("%08X-%04X-4000-8000-%012X", math.random(0, 2147483647), salt, counter)
  return wrk.format("POST", nil, nil, ${JSON.stringify(before)} .. id .. ${JSON.stringify(middle)} .. counter .. ${JSON.stringify(after)})
end
`;
}
