import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Action, SubjectName } from './ability.factory.js';
import type { Principal } from './principal.js';

export const PUBLIC = 'warden:public';
export const REQUIRES = 'warden:requires';

export interface Requirement {
  action: Action;
  subject: SubjectName;
}

/** Reachable without an API key (health, docs, public keys). */
export const Public = () => SetMetadata(PUBLIC, true);

/** The route needs this ability; instance-level checks happen in the service. */
export const Can = (action: Action, subject: SubjectName) => SetMetadata(REQUIRES, { action, subject } satisfies Requirement);

/** Any valid key may call the route. */
export const Authenticated = () => SetMetadata(REQUIRES, null);

export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal => ctx.switchToHttp().getRequest<{ principal: Principal }>().principal,
);
