import { type ExecutionContext, Injectable } from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import { PUBLIC_KEY, PUBLIC_WHEN_KEY, type PublicCondition, ROLE_KEY } from './auth.decorators';
import type { Role } from './principal';

/**
 * What a route asks of its caller: nothing (public), a least role, or, for a route that carries
 * neither decorator, nothing anyone can give (`role` undefined: denied to every key, admin too).
 */
export type RouteRule = { open: true } | { open: false; role?: Role };

// A handler or a controller class, as Nest hands them out.
type Target = ReturnType<ExecutionContext['getHandler']>;

const OPEN: RouteRule = Object.freeze({ open: true });
const NO_RULE: RouteRule = Object.freeze({ open: false });

/**
 * Reads @Public, @PublicWhen and @RequireRole once per route and caches the answer; the handler's
 * own decorators win over its controller's.
 */
@Injectable()
export class RoutePolicy {
  private readonly rules = new WeakMap<object, WeakMap<object, RouteRule>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly moduleRef: ModuleRef,
  ) {}

  ruleFor(context: ExecutionContext): RouteRule {
    return this.ruleOf(context.getClass(), context.getHandler());
  }

  /** The rule of one handler of one controller class. */
  ruleOf(controller: Target, handler: Target): RouteRule {
    let byHandler = this.rules.get(controller);
    if (byHandler === undefined) {
      byHandler = new WeakMap();
      this.rules.set(controller, byHandler);
    }
    let rule = byHandler.get(handler);
    if (rule === undefined) {
      rule = this.resolve([handler, controller]);
      byHandler.set(handler, rule);
    }
    return rule;
  }

  private resolve(targets: Target[]): RouteRule {
    for (const target of targets) {
      if (this.reflector.get<boolean | undefined>(PUBLIC_KEY, target) === true) return OPEN;
      const when = this.reflector.get<PublicCondition | undefined>(PUBLIC_WHEN_KEY, target);
      if (when !== undefined && when.check(this.moduleRef.get(when.section, { strict: false }))) {
        return OPEN;
      }
      const role = this.reflector.get<Role | undefined>(ROLE_KEY, target);
      if (role !== undefined) return Object.freeze({ open: false, role });
    }
    return NO_RULE;
  }
}
