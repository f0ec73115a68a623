import { Logger, type PipeTransform, type Type } from '@nestjs/common';
import {
  EXCEPTION_FILTERS_METADATA,
  GUARDS_METADATA,
  INTERCEPTORS_METADATA,
  PIPES_METADATA,
  ROUTE_ARGS_METADATA,
} from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants.js';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { answerWithProblem } from './problem-details.filter.js';

type Controller = new (...args: never[]) => object;

interface DirectRouteConfig {
  directRoute?: { controller: Controller; method: string };
}

/**
 * `@DirectRoute()` on a controller method: Fastify calls the method itself, without Nest's
 * per-request machinery (execution context, guards, interceptors, param factories, exception
 * zone), which costs about as much as a whole warm steering decision
 * (docs/BENCHMARKS.md#direct-routes). For the hot routes a player calls on every playback, and for
 * `/health/live`, which measures the floor of that path.
 *
 * What stays the same: the route is a Nest route (registered, documented in OpenAPI and given
 * the per-route hooks like any other); its `@Param()` and `@Query()` DTOs are validated by the
 * application's validation pipe; anything it throws is answered as problem+json by the code of
 * the global exception filter. What a direct route may not use: guards, interceptors, pipes and
 * exception filters of its own or of its controller, and parameters other than `@Param()`,
 * `@Query()`, `@Req()` and `@Res()` (start-up fails if it does); it answers through `@Res()`,
 * synchronously. Global guards do not run either: a role a direct route needs (`@RequireRole`) is
 * checked by the route's onRequest hook (apiKeyHooks), which every route with a role has.
 * The route's Fastify config is merged into, not replaced (`@RouteConfig` above it would replace it).
 */
export function DirectRoute(): MethodDecorator {
  return (target, key, descriptor) => {
    const handler = descriptor.value as object;
    const config = (Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, handler) as object | undefined) ?? {};
    const direct: DirectRouteConfig = {
      directRoute: { controller: target.constructor as Controller, method: String(key) },
    };
    Reflect.defineMetadata(FASTIFY_ROUTE_CONFIG_METADATA, { ...config, ...direct }, handler);
  };
}

const ENHANCERS: Record<string, string> = {
  [GUARDS_METADATA]: 'guards',
  [INTERCEPTORS_METADATA]: 'interceptors',
  [PIPES_METADATA]: 'pipes',
  [EXCEPTION_FILTERS_METADATA]: 'exception filters',
};

/** Start-up fails when the method or its controller declares what a direct route would skip. */
function refuseEnhancers(controller: Controller, method: string): void {
  const handler = (controller.prototype as Record<string, unknown>)[method] as object;
  for (const [key, what] of Object.entries(ENHANCERS)) {
    for (const target of [handler, controller]) {
      const declared = Reflect.getMetadata(key, target) as unknown[] | undefined;
      if (declared !== undefined && declared.length > 0) {
        throw new Error(`@DirectRoute ${controller.name}.${method}: ${what} would not run on a direct route`);
      }
    }
  }
}

interface RouteArgument {
  index: number;
  data?: unknown;
  pipes?: unknown[];
}

type ArgumentReader = (request: FastifyRequest, reply: FastifyReply) => unknown;

/** How to build each argument of a direct route's method, from Nest's own parameter metadata. */
function argumentReaders(controller: Controller, method: string, pipe: PipeTransform): ArgumentReader[] {
  const metadata = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<
    string,
    RouteArgument
  >;
  const types = (Reflect.getMetadata('design:paramtypes', controller.prototype, method) ?? []) as unknown[];
  const readers: ArgumentReader[] = [];
  const where = `${controller.name}.${method}`;
  for (const [key, argument] of Object.entries(metadata)) {
    const paramtype = Number(key.split(':')[0]);
    if (argument.data !== undefined || (argument.pipes?.length ?? 0) > 0) {
      throw new Error(`@DirectRoute ${where}: parameter ${argument.index} names a field or has pipes`);
    }
    const metatype = types[argument.index] as Type | undefined;
    switch (paramtype) {
      case RouteParamtypes.REQUEST:
        readers[argument.index] = (request) => request;
        break;
      case RouteParamtypes.RESPONSE:
        readers[argument.index] = (_request, reply) => reply;
        break;
      case RouteParamtypes.PARAM:
        readers[argument.index] = (request) => pipe.transform(request.params, { type: 'param', metatype });
        break;
      case RouteParamtypes.QUERY:
        readers[argument.index] = (request) => pipe.transform(request.query, { type: 'query', metatype });
        break;
      default:
        throw new Error(
          `@DirectRoute ${where}: parameter ${argument.index} is not @Param, @Query, @Req or @Res`,
        );
    }
  }
  if (!Object.keys(metadata).some((key) => Number(key.split(':')[0]) === RouteParamtypes.RESPONSE)) {
    throw new Error(`@DirectRoute ${where}: the method must answer through @Res()`);
  }
  return readers;
}

/**
 * Makes `@DirectRoute()` methods the handlers of their routes. Call before Nest registers its
 * routes (in `init()`); `instanceOf` resolves a controller (`app.get`), `pipe` is the global
 * validation pipe.
 */
export function installDirectRoutes(
  fastify: FastifyInstance,
  instanceOf: (controller: Controller) => object,
  pipe: PipeTransform,
): void {
  const logger = new Logger('DirectRoute');
  fastify.addHook('onRoute', (routeOptions: RouteOptions) => {
    const direct = (routeOptions.config as DirectRouteConfig | undefined)?.directRoute;
    if (!direct) return;
    refuseEnhancers(direct.controller, direct.method);
    const instance = instanceOf(direct.controller) as Record<string, (...args: unknown[]) => unknown>;
    const method = instance[direct.method];
    const readers = argumentReaders(direct.controller, direct.method, pipe);
    const count = readers.length;
    routeOptions.handler = function directHandler(request, reply) {
      try {
        const args = new Array<unknown>(count);
        for (let index = 0; index < count; index++) args[index] = readers[index](request, reply);
        method.apply(instance, args);
      } catch (error) {
        answerWithProblem(error, request, reply, logger);
      }
    };
  });
}
