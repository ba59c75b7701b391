import { Injectable, type PipeTransform } from '@nestjs/common';
import { DomainError } from '../common/errors/domain.error';

/** What probe's cache.key.ts produces: the test type and 32 hex digits of a SHA-256. */
export const CACHE_KEY_PATTERN = /^(ping|traceroute)_[0-9a-f]{32}$/;

/** Rejects anything that is not a cache key before it reaches Redis (no globs, no foreign keys). */
@Injectable()
export class CacheKeyPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!CACHE_KEY_PATTERN.test(value)) {
      throw new DomainError(
        'INVALID_REQUEST',
        'A cache key is ping_ or traceroute_ followed by 32 lowercase hex digits',
        {
          details: { field: 'key' },
        },
      );
    }
    return value;
  }
}
