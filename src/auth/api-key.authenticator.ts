import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Passport } from 'passport';
import { HeaderAPIKeyStrategy } from 'passport-headerapikey';
import { KeyStore } from './key.store';
import type { Principal } from './principal';

/** The outcome of reading the request's API key. */
export type Authentication =
  | { principal: Principal }
  | { principal?: undefined; reason: 'missing_key' | 'invalid_key'; fingerprint?: string };

// Where the first presented key's fingerprint is kept while passport tries the strategies.
const ATTEMPT = Symbol('sentinel.apiKeyAttempt');
type AttemptCarrier = Request & { [ATTEMPT]?: string };
type Verified = (error: Error | null, user?: Principal | false) => void;

const PRINCIPAL_PROPERTY = 'principal';

/**
 * Reads `Authorization: Bearer <key>` or `X-API-Key: <key>` with passport-headerapikey. Built once:
 * a private Passport instance (not the process-wide one, which two app instances in one process
 * would share) with both strategies, and one authenticate middleware reused by every request.
 */
@Injectable()
export class ApiKeyAuthenticator {
  private readonly middleware: (req: Request, res: Response, next: NextFunction) => void;

  constructor(private readonly keys: KeyStore) {
    const passport = new Passport();
    const verify = (key: string, done: Verified, req?: Request): void =>
      this.verify(key, done, req);
    passport.use(
      'api-key-bearer',
      new HeaderAPIKeyStrategy({ header: 'Authorization', prefix: 'Bearer ' }, true, verify),
    );
    passport.use(
      'api-key-header',
      new HeaderAPIKeyStrategy({ header: 'X-API-Key', prefix: '' }, true, verify),
    );
    this.middleware = passport.authenticate(['api-key-bearer', 'api-key-header'], {
      session: false,
      authInfo: false,
      assignProperty: PRINCIPAL_PROPERTY,
      failWithError: true,
    }) as typeof this.middleware;
  }

  /** Never throws for a bad key: the caller decides between 401 and 429. */
  authenticate(req: Request, res: Response): Promise<Authentication> {
    return new Promise((resolve, reject) => {
      this.middleware(req, res, (error?: unknown) => {
        if (req.principal !== undefined) return resolve({ principal: req.principal });
        // passport's AuthenticationError means "no strategy accepted"; anything else is a fault.
        if (error !== undefined && !isAuthenticationError(error)) return reject(toError(error));
        const fingerprint = (req as AttemptCarrier)[ATTEMPT];
        resolve(
          fingerprint === undefined
            ? { reason: 'missing_key' }
            : { reason: 'invalid_key', fingerprint },
        );
      });
    });
  }

  private verify(presented: string, done: Verified, req: Request | undefined): void {
    const carrier = req as AttemptCarrier | undefined;
    // One guess per request: when both headers carry a key and the first is wrong, the second is
    // not tried, so a brute-force client cannot test two keys for the price of one.
    if (carrier === undefined || carrier[ATTEMPT] !== undefined) return done(null, false);
    const key = presented.trim();
    if (key === '') return done(null, false);
    const match = this.keys.identify(key);
    carrier[ATTEMPT] = match.fingerprint;
    done(null, match.principal ?? false);
  }
}

function isAuthenticationError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AuthenticationError';
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error('authentication failed');
}
