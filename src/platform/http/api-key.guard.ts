import {
  applyDecorators,
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  SetMetadata,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants.js';
import type { FastifyRequest } from 'fastify';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/env.schema.js';
import { ApiKeyIdentity, ApiKeyRegistry, ApiRole, bearerToken } from './api-keys.js';

const REQUIRED_ROLE = 'greenstream:required-role';

/**
 * Marks a route as needing an API key of this role. Also written into the route's Fastify config
 * (`requiredRole`), so that the key is checked in the route's onRequest hook (apiKeyHooks), before
 * the body is read or validated. Put it above `@RouteConfig(…)` on the same handler: RouteConfig
 * replaces the config it finds, RequireRole merges into it.
 */
export const RequireRole = (role: ApiRole) =>
  applyDecorators(
    SetMetadata(REQUIRED_ROLE, role),
    (_target: object, _key?: string | symbol, descriptor?: PropertyDescriptor) => {
      if (descriptor === undefined) return;
      const handler = descriptor.value as object;
      const config =
        (Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, handler) as object | undefined) ?? {};
      Reflect.defineMetadata(FASTIFY_ROUTE_CONFIG_METADATA, { ...config, requiredRole: role }, handler);
    },
  );

export type AuthenticatedRequest = FastifyRequest & { apiKey?: ApiKeyIdentity };

/** Where each role's keys are configured (named in the 401 and 403 texts). */
const KEY_VARIABLES: Record<ApiRole, string> = {
  admin: 'ADMIN_API_KEYS',
  provider: 'PROVIDER_API_KEYS',
  analyst: 'ANALYST_API_KEYS',
};

const ARTICLES: Record<ApiRole, string> = { admin: 'an', provider: 'a', analyst: 'an' };

/** Why a request may not use a route: the status and a text that names the role, never the caller's. */
export interface AccessRefusal {
  status: 401 | 403;
  detail: string;
}

/**
 * Who may call routes that need a role: 401 without a key or with an unknown one, 403 with a key
 * of another role. The texts say which role the route needs and how that role is enabled; they
 * never say which role the presented key has.
 */
export class ApiKeyPolicy {
  private readonly registry: ApiKeyRegistry;
  private readonly configuredRoles: ReadonlySet<ApiRole>;

  constructor(config: Pick<AppConfig, 'adminApiKeys' | 'providerApiKeys' | 'analystApiKeys'>) {
    const keys: Record<ApiRole, string[]> = {
      admin: config.adminApiKeys,
      provider: config.providerApiKeys,
      analyst: config.analystApiKeys,
    };
    this.registry = new ApiKeyRegistry(keys);
    this.configuredRoles = new Set((Object.keys(keys) as ApiRole[]).filter((role) => keys[role].length > 0));
  }

  /** The identity of the key, or why the request is refused. */
  check(role: ApiRole, authorization: string | string[] | undefined): ApiKeyIdentity | AccessRefusal {
    const needs = `This route needs ${ARTICLES[role]} ${role} API key: send \`Authorization: Bearer <key>\``;
    const howToEnable = this.configuredRoles.has(role)
      ? `${role} keys are set with ${KEY_VARIABLES[role]}`
      : `the ${role} role is disabled on this server: no key is set in ${KEY_VARIABLES[role]}`;
    const token = bearerToken(authorization);
    if (token === undefined) return { status: 401, detail: `${needs}; ${howToEnable}` };
    const identity = this.registry.identify(token);
    if (identity === undefined) return { status: 401, detail: `Unknown API key. ${needs}; ${howToEnable}` };
    if (identity.role !== role) {
      return {
        status: 403,
        detail: `The API key sent is not ${ARTICLES[role]} ${role} key. ${needs}; ${howToEnable}`,
      };
    }
    return identity;
  }
}

export function isRefusal(result: ApiKeyIdentity | AccessRefusal): result is AccessRefusal {
  return 'status' in result;
}

/**
 * The same check as the onRequest hook (apiKeyHooks), for what reaches a controller another way;
 * it also hands the key's identity to the controller (`request.apiKey`). Routes without
 * @RequireRole are public.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly policy: ApiKeyPolicy;

  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.policy = new ApiKeyPolicy(config);
  }

  canActivate(context: ExecutionContext): boolean {
    const role = this.reflector.getAllAndOverride<ApiRole | undefined>(REQUIRED_ROLE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (role === undefined) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (request.apiKey !== undefined && request.apiKey.role === role) return true;
    const result = this.policy.check(role, request.headers.authorization);
    if (isRefusal(result)) {
      throw result.status === 401
        ? new UnauthorizedException(result.detail)
        : new ForbiddenException(result.detail);
    }
    request.apiKey = result;
    return true;
  }
}
