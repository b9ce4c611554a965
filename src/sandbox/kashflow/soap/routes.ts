import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { XmlNode } from '../../../xml/build.js';
import type { FaultDecision } from '../../faults/injector.js';
import { dropConnection, sleep } from '../../http.js';
import type { KashflowState } from '../state.js';
import { HTML_ERROR_PAGES } from '../wire/error-pages.js';
import { TIMEOUT_MESSAGE } from '../wire/errors.js';
import { actionFromHeaders, faultXml, parseSoapCall, responseXml, SoapFault, soapContentType, versionFromHeaders, type SoapVersion } from './envelope.js';
import { failedResult, SOAP_METHODS, soapMethod } from './methods.js';
import { SoapParams, SoapRejected } from './params.js';
import { buildWsdl } from './wsdl.js';

export const SOAP_PATH = '/api/service.asmx';


function sendFault(reply: FastifyReply, version: SoapVersion, fault: SoapFault, headers: Record<string, string> = {}): FastifyReply {
  return reply.code(fault.httpStatus).headers(headers).type(soapContentType(version)).send(faultXml(version, fault));
}

/**
 * The SOAP subset at `/api/service.asmx` (namespace `KashFlow`), SOAP 1.1 and 1.2.
 * Failures of the call itself are HTTP 200 with `Status` NO (reference §6.3); unreadable
 * requests and unknown methods are SOAP faults with HTTP 500, as ASMX answers them.
 * `GET ?WSDL` (any case) serves the WSDL with the address the client used.
 */
export function registerSoapRoutes(app: FastifyInstance, state: KashflowState): void {
  app.get(SOAP_PATH, async (request, reply) => {
    const op = `GET ${SOAP_PATH}`;
    state.countRequest(op);
    const decision = state.ctx.faults.decide({ system: 'kashflow', operation: op, isWrite: false });
    if (decision.latencyMs > 0) await sleep(decision.latencyMs);
    if (decision.fault) return sendTransportFault(decision.fault, request, reply, '1.1');
    const wantsWsdl = Object.keys(request.query as Record<string, unknown>).some((k) => k.toLowerCase() === 'wsdl');
    if (wantsWsdl) return reply.type('text/xml; charset=utf-8').send(buildWsdl(`${request.protocol}://${request.headers.host ?? `${request.hostname}`}${SOAP_PATH}`));
    const list = SOAP_METHODS.map((m) => `<li>${m.name}</li>`).join('');
    return reply.type('text/html; charset=utf-8').send(`<html><head><title>KashFlowAPI Web Service</title></head><body><h1>KashFlowAPI</h1><p>The following operations are supported. For a formal definition, please review the <a href="service.asmx?WSDL">Service Description</a>.</p><ul>${list}</ul></body></html>`);
  });

  app.post(SOAP_PATH, async (request, reply) => {
    let version = versionFromHeaders(request);
    let call;
    try {
      call = parseSoapCall(typeof request.body === 'string' ? request.body : '', actionFromHeaders(request), (name) => soapMethod(name) !== undefined);
    } catch (err) {
      if (!(err instanceof SoapFault)) throw err;
      state.countRequest('SOAP (rejected)');
      return sendFault(reply, version, err);
    }
    version = call.version;
    const method = soapMethod(call.method);
    if (!method) return sendFault(reply, version, new SoapFault('Client', `Server did not recognize the value of HTTP Header SOAPAction: KashFlow/${call.method}.`));
    const op = `SOAP ${method.name}`;
    state.countRequest(op);
    const decision = state.ctx.faults.decide({ system: 'kashflow', operation: op, isWrite: method.isWrite });
    if (decision.latencyMs > 0) await sleep(decision.latencyMs);
    const fault = decision.fault;
    if (fault?.kind === 'timeout') return reply.type(soapContentType(version)).send(responseXml(version, method.name, failedResult(method), 'NO', TIMEOUT_MESSAGE));
    if (fault && fault.kind !== 'commitThenDrop') return sendTransportFault(fault, request, reply, version);

    let xml: string;
    try {
      const params = new SoapParams(call.params);
      let run: () => XmlNode | undefined;
      try {
        run = method.prepare(state, params);
      } catch (err) {
        // A refusal found while reading the parameters is still answered after authentication.
        if (!(err instanceof SoapRejected)) throw err;
        run = () => {
          throw err;
        };
      }
      const auth = state.sessions.checkPassword(params.str('UserName'), params.str('Password'));
      if (auth !== 'ok') {
        xml = responseXml(version, method.name, failedResult(method), 'NO', auth === 'locked' ? 'Your account has been locked due to too many failed login attempts.' : 'Incorrect username or password');
      } else {
        state.sessions.succeeded();
        try {
          xml = responseXml(version, method.name, run(), 'OK', '');
        } catch (err) {
          if (!(err instanceof SoapRejected)) throw err;
          xml = responseXml(version, method.name, failedResult(method), 'NO', err.message);
        }
      }
    } catch (err) {
      if (!(err instanceof SoapFault)) throw err;
      return sendFault(reply, version, err);
    }
    if (fault?.kind === 'commitThenDrop') {
      dropConnection(request, reply);
      return reply;
    }
    return reply.type(soapContentType(version)).send(xml);
  });
}

/** Throttle (429 + Retry-After), server errors and dropped connections, before any processing. */
function sendTransportFault(fault: NonNullable<FaultDecision['fault']>, request: FastifyRequest, reply: FastifyReply, version: SoapVersion): FastifyReply {
  switch (fault.kind) {
    case 'throttle':
      return sendFault(reply, version, new SoapFault('Server', `Too many requests. Please retry after ${fault.retryAfterSeconds} seconds.`, 429), { 'retry-after': String(fault.retryAfterSeconds) });
    case 'serverError': {
      const page = HTML_ERROR_PAGES[fault.status];
      if (page) return reply.code(fault.status).type('text/html').send(page);
      return sendFault(reply, version, new SoapFault('Server', 'Server was unable to process request. ---> An unexpected error occurred.', fault.status));
    }
    case 'timeout':
      return sendFault(reply, version, new SoapFault('Server', TIMEOUT_MESSAGE));
    case 'drop':
    case 'commitThenDrop':
      dropConnection(request, reply);
      return reply;
  }
}
