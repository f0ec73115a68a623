import type { FastifyInstance, onRequestHookHandler, onResponseHookHandler, RouteOptions } from 'fastify';

export interface RouteInfo {
  /** The route pattern, e.g. `/intensity/:zone`; `''` for the not-found handler. */
  url: string;
  /** e.g. `GET`; several methods are joined with a comma. */
  method: string;
  /** True for the handler of requests that match no route. */
  isNotFound: boolean;
  /** The route's config says it streams long answers (`@RouteConfig(STREAMING_ROUTE)`). */
  isStreaming: boolean;
  /** The API key role the route needs (`@RequireRole`), if any. */
  requiredRole?: string;
}

export interface RouteHooks {
  onRequest?: onRequestHookHandler;
  onResponse?: onResponseHookHandler;
}

/** Decides, once per route at start-up, which hooks the route gets (undefined: none). */
export type RouteHookFactory = (route: RouteInfo) => RouteHooks | undefined;

type HookList<T> = T | T[] | undefined;

function appended<T>(existing: HookList<T>, hook: T): T[] {
  if (existing === undefined) return [hook];
  return Array.isArray(existing) ? [...existing, hook] : [existing, hook];
}

/**
 * Per-route hooks instead of global ones: what depends on the route (its pattern as a metrics
 * label, whether it is rate limited) is worked out once when the route is registered, so that a
 * request pays for no lookup, and routes that need nothing (health checks when limiting, anything
 * when limiting is off) pay nothing at all.
 *
 * Must run before the routes are registered (Nest registers its controllers in `init()`), and
 * covers the not-found handler too: Fastify builds that handler's hooks from the global ones plus
 * any lifecycle hook in the options given to `setNotFoundHandler` (fastify/lib/four-oh-four.js),
 * so the call Nest makes is given ours.
 */
export function installRouteHooks(fastify: FastifyInstance, factories: RouteHookFactory[]): void {
  fastify.addHook('onRoute', (routeOptions: RouteOptions) => {
    const method = Array.isArray(routeOptions.method) ? routeOptions.method.join(',') : routeOptions.method;
    const config = routeOptions.config as { isStreaming?: boolean; requiredRole?: string } | undefined;
    const isStreaming = config?.isStreaming === true;
    const route: RouteInfo = {
      url: routeOptions.url,
      method,
      isNotFound: false,
      isStreaming,
      ...(config?.requiredRole === undefined ? {} : { requiredRole: config.requiredRole }),
    };
    for (const factory of factories) {
      const hooks = factory(route);
      if (hooks?.onRequest) {
        routeOptions.onRequest = appended(
          routeOptions.onRequest as HookList<onRequestHookHandler>,
          hooks.onRequest,
        );
      }
      if (hooks?.onResponse) {
        routeOptions.onResponse = appended(
          routeOptions.onResponse as HookList<onResponseHookHandler>,
          hooks.onResponse,
        );
      }
    }
  });

  const notFoundHooks: { onRequest: onRequestHookHandler[]; onResponse: onResponseHookHandler[] } = {
    onRequest: [],
    onResponse: [],
  };
  for (const factory of factories) {
    const hooks = factory({ url: '', method: '', isNotFound: true, isStreaming: false });
    if (hooks?.onRequest) notFoundHooks.onRequest.push(hooks.onRequest);
    if (hooks?.onResponse) notFoundHooks.onResponse.push(hooks.onResponse);
  }
  type SetNotFound = (options: object, handler: unknown) => FastifyInstance;
  const setNotFoundHandler = fastify.setNotFoundHandler.bind(fastify) as unknown as SetNotFound;
  const withOurHooks: SetNotFound = (optionsOrHandler, handler) => {
    const isHandlerOnly = typeof optionsOrHandler === 'function';
    const options = (isHandlerOnly ? {} : optionsOrHandler) as Record<string, unknown>;
    return setNotFoundHandler(
      {
        ...options,
        onRequest: appendAll(options.onRequest as HookList<onRequestHookHandler>, notFoundHooks.onRequest),
        onResponse: appendAll(
          options.onResponse as HookList<onResponseHookHandler>,
          notFoundHooks.onResponse,
        ),
      },
      isHandlerOnly ? optionsOrHandler : handler,
    );
  };
  (fastify as unknown as { setNotFoundHandler: SetNotFound }).setNotFoundHandler = withOurHooks;
}

function appendAll<T>(existing: HookList<T>, hooks: T[]): T[] {
  const list = existing === undefined ? [] : Array.isArray(existing) ? existing : [existing];
  return [...list, ...hooks];
}
