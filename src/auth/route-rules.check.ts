import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { RoutePolicy } from './route.policy';

/**
 * At start, names every route that carries neither @RequireRole nor @Public: the guard refuses
 * those to every key, and a forgotten decorator is better found in the log than by a user.
 */
@Injectable()
export class RouteRulesCheck implements OnApplicationBootstrap {
  private readonly logger = new Logger('AccessGuard');

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly policy: RoutePolicy,
  ) {}

  onApplicationBootstrap(): void {
    const unruled: string[] = [];
    for (const { instance, metatype } of this.discovery.getControllers()) {
      if (
        instance === null ||
        instance === undefined ||
        metatype === null ||
        metatype === undefined
      )
        continue;
      const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name];
        if (
          typeof handler !== 'function' ||
          Reflect.getMetadata(PATH_METADATA, handler) === undefined
        )
          continue;
        const rule = this.policy.ruleOf(metatype, handler);
        if (!rule.open && rule.role === undefined) unruled.push(`${metatype.name}.${name}`);
      }
    }
    if (unruled.length > 0) {
      this.logger.warn(`Refused to every key, no @RequireRole or @Public: ${unruled.join(', ')}`);
    }
  }
}
