import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  SetMetadata,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/env.schema.js';
import { ApiKeyIdentity, ApiKeyRegistry, ApiRole, bearerToken } from './api-keys.js';

const REQUIRED_ROLE = 'greenstream:required-role';

/** Marks a route (or controller) as needing an API key of this role. */
export const RequireRole = (role: ApiRole) => SetMetadata(REQUIRED_ROLE, role);

export type AuthenticatedRequest = FastifyRequest & { apiKey?: ApiKeyIdentity };

/** 401 without a known key, 403 with a key of another role. Routes without @RequireRole are public. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly registry: ApiKeyRegistry;

  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.registry = new ApiKeyRegistry({
      admin: config.adminApiKeys,
      provider: config.providerApiKeys,
      analyst: config.analystApiKeys,
    });
  }

  canActivate(context: ExecutionContext): boolean {
    const role = this.reflector.getAllAndOverride<ApiRole | undefined>(REQUIRED_ROLE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (role === undefined) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerToken(request.headers.authorization);
    if (token === undefined)
      throw new UnauthorizedException(
        `This operation needs an ${role} API key (Authorization: Bearer <key>)`,
      );
    const identity = this.registry.identify(token);
    if (identity === undefined) throw new UnauthorizedException('Unknown API key');
    if (identity.role !== role)
      throw new ForbiddenException(
        `This operation needs an ${role} API key; this key is a ${identity.role} key`,
      );
    request.apiKey = identity;
    return true;
  }
}
