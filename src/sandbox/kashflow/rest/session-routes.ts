import type { FastifyInstance } from 'fastify';
import { addDays } from '../store/documents.js';
import type { KashflowState } from '../state.js';
import { invalidField, RestError } from '../wire/errors.js';
import { businessDate } from '../wire/format.js';
import { json, noContent, restRoute } from './route.js';

const LOCKED = (): RestError => new RestError(401, 'AccountLocked', 'Your account has been locked due to too many failed login attempts. Please try again later or contact support.');

/**
 * The two-step session-token login (reference §2.2):
 * `POST /v2/sessiontoken` {UserName, Password} → temporary token + 3 memorable-word positions;
 * `PUT /v2/sessiontoken` {TemporaryToken, MemorableWordList} → session token;
 * `DELETE /v2/sessiontoken/{token}` → 204.
 */
export function registerSessionRoutes(app: FastifyInstance, state: KashflowState): void {
  restRoute(app, state, 'POST', '/v2/sessiontoken', { auth: false }, (call) => {
    const body = call.body();
    const username = body.str('UserName');
    const password = body.str('Password');
    body.finish();
    const outcome = state.sessions.checkPassword(username, password);
    if (outcome === 'locked') throw LOCKED();
    if (outcome === 'invalid') throw new RestError(400, 'InvalidCredentials', 'The username or password is invalid.');
    const { token, positions } = state.sessions.issueTemporaryToken();
    return json(
      JSON.stringify({
        TemporaryToken: token,
        MemorableWordList: positions.map((p) => ({ Position: p, Value: '' })),
        HasTemporaryPassword: false,
        IsAdmin: true,
        PackageName: 'KashFlow Business',
        PartnerBrandingOptOut: false,
        PartnerId: 0,
        SubscriptionExpired: false,
      }),
    );
  });

  restRoute(app, state, 'PUT', '/v2/sessiontoken', { auth: false }, (call) => {
    const body = call.body();
    const temporaryToken = body.required('TemporaryToken', body.str('TemporaryToken'));
    const list = body.required('MemorableWordList', body.arr('MemorableWordList'));
    const answers = new Map<number, string>();
    for (const item of list) {
      const position = item.required('Position', item.int('Position', { min: 1, max: 1000 }));
      if (answers.has(position)) throw invalidField(item.name('Position'), `position ${position} appears twice`);
      answers.set(position, item.str('Value') ?? '');
    }
    body.finish();
    const result = state.sessions.completeLogin(temporaryToken, answers);
    if (result.outcome !== 'ok') {
      if (result.outcome === 'badToken') throw new RestError(400, 'InvalidTemporaryToken', 'The temporary token is invalid, has already been used or has expired. Please log in again.');
      if (result.outcome === 'locked') throw LOCKED();
      throw new RestError(400, 'InvalidCredentials', 'The memorable word characters provided are incorrect.');
    }
    const today = state.today();
    return json(
      JSON.stringify({
        SessionToken: result.sessionToken,
        CompanyName: state.store.companyName,
        IsAdmin: true,
        SubscriptionExpired: false,
        SubscriptionExpiryDate: businessDate(addDays(today, 365)),
        PartnerId: 0,
        PackageName: 'KashFlow Business',
        PartnerBrandingOptOut: false,
        StartPageUrl: '/dashboard',
        HasTemporaryPassword: false,
      }),
    );
  });

  restRoute(app, state, 'DELETE', '/v2/sessiontoken/:token', { auth: false }, (call) => {
    if (!state.sessions.logout(call.params.token ?? '')) throw new RestError(401, 'InvalidSessionToken', 'Session token provided is invalid.');
    return noContent;
  });
}
