import type { FastifyReply, FastifyRequest } from 'fastify';
import { el, type XmlNode } from '../../../xml/build.js';
import type { XmlAttribute, XmlElement } from '../../../xml/tree.js';
import type { SandboxContext } from '../../context.js';
import { dropConnection, mustDropAfterCommit, rememberDecision, sleep } from '../../http.js';
import type { IisAuthenticator } from '../auth/iis-auth.js';
import { WRITE_OPERATIONS, type AifOperation, type PortService } from '../catalog.js';
import { DUPLICATE_MESSAGE_TEXT, requestWrapperName, responseWrapperName, SERVICES_NS } from '../namespaces.js';
import type { OperationContext } from '../operations/context.js';
import type { AxRuntime } from '../runtime.js';
import { SERVICE_HANDLERS } from '../services/registry.js';
import { AifError, schemaError } from '../soap/aif-error.js';
import { readCallContext } from '../soap/call-context.js';
import { actionNotSupported, envelope, faultEnvelope, HttpFailure, parseEnvelope, WcfFault, wrapperMismatch } from '../soap/envelope.js';
import { aifFaultEnvelope, internalErrorEnvelope } from '../soap/fault.js';
import { Tx } from '../state/tx.js';
import { resolveCaller, type Caller } from './caller.js';
import { IIS_401, IIS_404, IIS_405, IIS_429, IIS_502, IIS_503, IIS_504, serviceHelpPage } from './iis-pages.js';
import { buildWsdl } from './wsdl.js';
import { ownString } from '../../stored-string.js';

const XML = 'text/xml; charset=utf-8';
const HTML = 'text/html';

/** Where the AIF endpoint lives and what it uses. */
export interface AifEndpointDeps {
  readonly ctx: SandboxContext;
  readonly runtime: AxRuntime;
  readonly auth: IisAuthenticator;
}

/**
 * Handles `/MicrosoftDynamicsAXAif60/<Port>/xppservice.svc` like IIS + WCF + AIF: port
 * check (404), Windows authentication (401), GET for the WSDL, content type (415), routing
 * by SOAPAction (ActionNotSupported), envelope and wrapper checks, CallContext, injected
 * faults and latency, duplicate-message detection, then the operation in one transaction.
 */
export async function handleAifRequest(deps: AifEndpointDeps, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const { ctx, runtime, auth } = deps;
  const port = (request.params as { port: string }).port;
  if (port.toLowerCase() !== ctx.world.ax.portName.toLowerCase()) return reply.code(404).type(HTML).send(IIS_404);
  const outcome = auth.authenticate(request.headers.authorization, request.raw.socket, request.hostname);
  if (!outcome.ok) return reply.code(401).header('WWW-Authenticate', [...outcome.challenges]).type(HTML).send(IIS_401);
  if (request.method === 'GET') {
    const base = `http://${request.host}${request.url.split('?')[0] ?? ''}`;
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1).toLowerCase() : '';
    if (query.startsWith('wsdl') || query.startsWith('singlewsdl')) return reply.type(XML).send(buildWsdl(runtime.catalog, base));
    return reply.type(HTML).send(serviceHelpPage(base));
  }
  if (request.method !== 'POST') return reply.code(405).type(HTML).send(IIS_405);
  const contentType = String(request.headers['content-type'] ?? '');
  if (!contentType.toLowerCase().startsWith('text/xml')) {
    return reply
      .code(415)
      .type(HTML)
      .send(`Cannot process the message because the content type '${contentType}' was not the expected type 'text/xml; charset=utf-8'.`);
  }
  const action = String(request.headers.soapaction ?? '')
    .trim()
    .replace(/^"(.*)"$/, '$1');
  try {
    const { service, operation } = route(runtime, action);
    const soap = parseEnvelope(typeof request.body === 'string' ? request.body : '');
    return await execute(deps, request, reply, service, operation, soap.header, soap.wrapper, soap.envelope, outcome.identity);
  } catch (err) {
    return sendError(reply, err, runtime, undefined, undefined);
  }
}

function route(runtime: AxRuntime, action: string): { service: PortService; operation: AifOperation } {
  const prefix = `${SERVICES_NS}/`;
  if (!action.startsWith(prefix)) throw actionNotSupported(action);
  const [externalName, op, ...rest] = action.slice(prefix.length).split('/');
  const service = externalName ? runtime.catalog.byExternal(externalName) : undefined;
  if (!service || !op || rest.length > 0 || !service.operations.has(op as AifOperation)) throw actionNotSupported(action);
  return { service, operation: op as AifOperation };
}

async function execute(deps: AifEndpointDeps, request: FastifyRequest, reply: FastifyReply, service: PortService, operation: AifOperation, header: XmlElement | undefined, wrapper: XmlElement, root: XmlElement, identity: Parameters<typeof resolveCaller>[0]): Promise<FastifyReply> {
  const { ctx, runtime } = deps;
  const settings = runtime.settings;
  const expected = requestWrapperName(service.externalName, operation);
  if (wrapper.name !== expected || wrapper.ns !== SERVICES_NS) throw wrapperMismatch(operation, expected, SERVICES_NS, wrapper);
  const httpsNs = findHttpsNamespace(root);
  if (httpsNs) throw schemaError(`The namespace '${httpsNs.ns}' of element '${httpsNs.name}' is not valid: AX namespaces use http://schemas.microsoft.com/…, not https://.`, httpsNs.path);
  const cc = readCallContext(header, settings.strictElementOrder);
  let caller: Caller;
  try {
    caller = resolveCaller(identity, cc, runtime.aos, settings, ctx.world.ax.users);
  } catch (err) {
    return sendError(reply, err, runtime, service, operation);
  }
  const isWrite = WRITE_OPERATIONS.has(operation);
  const decision = ctx.faults.decide({ system: 'ax', operation: `${service.externalName}/${operation}`, isWrite, company: caller.company.id });
  rememberDecision(request, decision);
  await sleep(decision.latencyMs);
  const fault = decision.fault;
  if (fault) {
    switch (fault.kind) {
      case 'drop':
        dropConnection(request, reply);
        return reply;
      case 'throttle':
        return reply
          .code(settings.throttleStatus)
          .header('Retry-After', String(fault.retryAfterSeconds))
          .type(HTML)
          .send(settings.throttleStatus === 503 ? IIS_503 : IIS_429);
      case 'timeout':
        await sleep(fault.hangMs);
        return reply.code(500).type(XML).send(internalErrorEnvelope());
      case 'serverError':
        if (fault.status === 500) return reply.code(500).type(XML).send(internalErrorEnvelope());
        return reply
          .code(fault.status)
          .type(HTML)
          .send(fault.status === 502 ? IIS_502 : fault.status === 504 ? IIS_504 : IIS_503);
      case 'commitThenDrop':
        break;
    }
  }
  // Everything below is synchronous: the duplicate check and the operation cannot interleave
  // with another request, so one MessageId is applied at most once.
  try {
    // A reset during the injected latency replaces the AOS: run against the current one.
    const aos = runtime.aos;
    const company = aos.company(caller.company.id) ?? caller.company;
    if (isWrite && settings.duplicateMessageCheck && caller.messageId !== undefined && aos.messages.has(caller.messageId)) {
      throw new AifError({ code: 'DuplicateMessage', message: DUPLICATE_MESSAGE_TEXT, field: 'MessageId', xpath: '/Envelope/Header/CallContext/MessageId' });
    }
    const handler = SERVICE_HANDLERS.get(service.definition.id)?.[operation];
    if (!handler) throw actionNotSupported(`${SERVICES_NS}/${service.externalName}/${operation}`);
    const tx = new Tx();
    const opCtx: OperationContext = { aos, company, settings, service, operation, today: ctx.clock.today(), nowMs: ctx.clock.nowMs(), user: caller.account, language: caller.language, tx };
    const respond = handler(opCtx, wrapper);
    tx.commit();
    const body = respond();
    if (isWrite && caller.messageId !== undefined && caller.rawMessageId !== undefined) {
      // Kept for the duplicate check: as strings of their own, not views into the request text.
      const messageId = ownString(caller.messageId);
      aos.messages.set(messageId, { messageId, sent: ownString(caller.rawMessageId), service: service.externalName, operation, company: company.id, user: caller.account, at: new Date(opCtx.nowMs).toISOString(), keys: keyValues(body) });
    }
    if (mustDropAfterCommit(request)) {
      dropConnection(request, reply);
      return reply;
    }
    return reply.type(XML).send(envelope(el(responseWrapperName(service.externalName, operation), { xmlns: SERVICES_NS }, body)));
  } catch (err) {
    return sendError(reply, err, runtime, service, operation);
  }
}

/** Turns any failure into the answer IIS/WCF/AIF would give. */
export function sendError(reply: FastifyReply, err: unknown, runtime: AxRuntime, service: PortService | undefined, operation: AifOperation | undefined): FastifyReply {
  if (err instanceof AifError) {
    const origin = service ? { document: service.document.name, service: service.definition.serviceClass, operation, parameter: service.definition.parameterName } : {};
    return reply.code(500).type(XML).send(aifFaultEnvelope(err, origin, runtime.settings.includeExceptionsInFault));
  }
  if (err instanceof WcfFault) return reply.code(500).type(XML).send(faultEnvelope(err.code, err.codeNs, err.message, 'en-US'));
  if (err instanceof HttpFailure) return reply.code(err.status).type(err.contentType).send(err.body);
  const message = err instanceof Error ? err.message : String(err);
  return reply.code(500).header('X-Sandbox-Error', message.replace(/[^\x20-\x7e]/g, '?').slice(0, 300)).type(XML).send(internalErrorEnvelope());
}

/** The first element whose namespace is an `https://schemas.microsoft.com/…` one (with its path). */
function findHttpsNamespace(root: XmlElement): { name: string; ns: string; path: string } | undefined {
  const path: string[] = [];
  const hit = firstHttps(root, path);
  if (!hit) return undefined;
  const attr = isHttpsNs(hit.ns) ? undefined : hit.attributes.find((a) => isHttpsNs(a.ns));
  return { name: attr?.name ?? hit.name, ns: attr?.ns ?? hit.ns, path: `/${path.join('/')}` };
}

function isHttpsNs(ns: string): boolean {
  return ns.startsWith('https://schemas.microsoft.com/');
}

/** Depth-first, the first element with such a namespace or attribute; `path` ends with its name. */
function firstHttps(e: XmlElement, path: string[]): XmlElement | undefined {
  path.push(e.name);
  if (isHttpsNs(e.ns)) return e;
  // Indexed loops: for…of allocated an iterator per element here.
  const attributes = e.attributes;
  for (let i = 0; i < attributes.length; i++) if (isHttpsNs((attributes[i] as XmlAttribute).ns)) return e;
  const children = e.children;
  for (let i = 0; i < children.length; i++) {
    const hit = firstHttps(children[i] as XmlElement, path);
    if (hit) return hit;
  }
  path.pop();
  return undefined;
}

/** Key values of an EntityKeyList answer (for the processed-message log). */
function keyValues(body: readonly XmlNode[]): string[] {
  const out: string[] = [];
  const visit = (n: XmlNode): void => {
    if (n.name === 'KeyField' && Array.isArray(n.children)) {
      const value = (n.children as XmlNode[]).find((c) => c?.name === 'Value');
      if (value && typeof value.children === 'string') out.push(value.children);
      return;
    }
    if (Array.isArray(n.children)) for (const c of n.children as (XmlNode | null | undefined | false)[]) if (c) visit(c);
  };
  for (const n of body) visit(n);
  return out;
}
