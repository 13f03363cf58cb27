import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../config/config.module.js';
import { DomainError } from '../common/errors.js';
import { defineAbilities } from './ability.factory.js';
import { PUBLIC, REQUIRES, type Requirement } from './auth.decorators.js';
import { AuthService } from './auth.service.js';
import type { Principal } from './principal.js';
import { RateLimiter } from './rate-limiter.js';

type AuthedRequest = FastifyRequest & { principal?: Principal };

/**
 * Runs on every route: authenticate the key, apply its rate limit, then check the route's
 * required ability. A route that declares no requirement is closed, not open.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(RateLimiter) private readonly limiter: RateLimiter,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<AuthedRequest>();
    const principal = await this.auth.authenticate(request.headers.authorization);
    request.principal = principal;

    const rate = await this.limiter.hit(principal.keyId, this.config.rateLimitPerMinute);
    const reply = http.getResponse<FastifyReply>();
    void reply.header('x-ratelimit-limit', rate.limit).header('x-ratelimit-remaining', rate.remaining);
    if (!rate.allowed) {
      throw new DomainError('RATE_LIMITED', `Rate limit of ${rate.limit} requests per minute exceeded`, { limit: rate.limit }, {
        'retry-after': String(rate.retryAfterSeconds),
      });
    }

    const requirement = this.reflector.getAllAndOverride<Requirement | null | undefined>(REQUIRES, targets);
    if (requirement === null) return true;
    if (requirement && defineAbilities(principal).can(requirement.action, requirement.subject)) return true;
    throw new DomainError('FORBIDDEN', `Role ${principal.role} may not ${requirement?.action ?? 'call'} ${requirement?.subject ?? 'this route'}`, {
      permission: requirement ? `${requirement.action}:${requirement.subject}` : 'undeclared',
      role: principal.role,
    });
  }
}
