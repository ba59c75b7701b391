import express, {
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import { errorEnvelope, sendError } from '../errors/error-envelope';

// Keys that would reach an object's prototype if some later code merged the body.
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const FORBIDDEN_KEY_MESSAGE = /^Field name "[^"]{1,20}" is not allowed$/;

/** JSON bodies up to `limit` bytes; prototype-pollution keys are refused while parsing. */
export function jsonBodyParser(limitBytes: number): RequestHandler {
  return express.json({
    limit: limitBytes,
    strict: true,
    reviver: (key: string, value: unknown) => {
      // body-parser rewraps this as a SyntaxError but keeps the message.
      if (FORBIDDEN_KEYS.has(key)) throw new Error(`Field name "${key}" is not allowed`);
      return value;
    },
  });
}

interface BodyParserError {
  type?: string;
  status?: number;
}

/**
 * Turns body-parser failures into the error envelope (413 for size, 400 for anything else), and
 * tells `onInvalid` so the audit trail sees requests refused before Nest routing.
 */
export function bodyErrorHandler(
  onInvalid: (req: Request, reason: string) => void,
): (error: unknown, req: Request, res: Response, next: NextFunction) => void {
  return (error, req, res, next) => {
    if (res.headersSent) return next(error);
    const reply = (code: 'PAYLOAD_TOO_LARGE' | 'INVALID_REQUEST', message: string) => {
      onInvalid(req, message);
      sendError(res, errorEnvelope(code, message, req.requestId ?? 'unknown'));
    };
    const parserError = error as BodyParserError;
    if (parserError.type === 'entity.too.large' || parserError.status === 413) {
      return reply('PAYLOAD_TOO_LARGE', 'Request body is too large');
    }
    const message = error instanceof Error ? error.message : '';
    if (FORBIDDEN_KEY_MESSAGE.test(message)) return reply('INVALID_REQUEST', message);
    if (parserError.type === 'entity.parse.failed' || error instanceof SyntaxError) {
      return reply('INVALID_REQUEST', 'Request body is not valid JSON');
    }
    if (parserError.status !== undefined && parserError.status >= 400 && parserError.status < 500) {
      return reply('INVALID_REQUEST', 'Request body could not be read');
    }
    next(error);
  };
}
