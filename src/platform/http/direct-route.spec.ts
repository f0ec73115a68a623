import {
  Body,
  CallHandler,
  Controller,
  ExecutionContext,
  Get,
  Injectable,
  Module,
  NestInterceptor,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseGuards,
  type CanActivate,
} from '@nestjs/common';
import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants.js';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError } from '../kernel/errors.js';
import { RequireRole } from './api-key.guard.js';
import { DirectRoute, installDirectRoutes } from './direct-route.js';
import { ProblemDetailsFilter } from './problem-details.filter.js';
import { createValidationPipe } from './validation.js';

class ItemParams {
  @IsString()
  id!: string;
}

class ItemQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10)
  count?: number;
}

/** Counts the requests Nest's own per-request path handled (interceptors run only there). */
@Injectable()
class CountingInterceptor implements NestInterceptor {
  static calls = 0;
  intercept(_context: ExecutionContext, next: CallHandler) {
    CountingInterceptor.calls++;
    return next.handle();
  }
}

@Injectable()
class DenyAll implements CanActivate {
  canActivate(): boolean {
    return false;
  }
}

@Controller('items')
class ItemsController {
  @Get(':id')
  @DirectRoute()
  direct(
    @Param() params: ItemParams,
    @Query() query: ItemQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): void {
    if (params.id === 'missing') throw new NotFoundError(`Unknown item '${params.id}'`);
    void reply.status(200).send({
      id: params.id,
      count: query.count ?? null,
      isQueryInstance: query instanceof ItemQuery,
      ip: request.ip,
    });
  }

  @Get(':id/through-nest')
  throughNest(@Param() params: ItemParams): { id: string } {
    return { id: params.id };
  }
}

@Module({ controllers: [ItemsController] })
class ItemsModule {}

async function appWith(module: object): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(module as never, new FastifyAdapter(), {
    logger: false,
    abortOnError: false,
  });
  const validation = createValidationPipe();
  app.useGlobalPipes(validation);
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalInterceptors(new CountingInterceptor());
  installDirectRoutes(app.getHttpAdapter().getInstance(), (type) => app.get(type), validation);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

describe('@DirectRoute', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await appWith(ItemsModule);
  });

  afterAll(async () => {
    await app.close();
  });

  it("calls the method without Nest's per-request path, with validated DTO instances", async () => {
    CountingInterceptor.calls = 0;
    const direct = await app.inject({ method: 'GET', url: '/items/abc?count=3' });
    expect(direct.statusCode).toBe(200);
    expect(direct.json()).toEqual({ id: 'abc', count: 3, isQueryInstance: true, ip: '127.0.0.1' });
    expect(CountingInterceptor.calls).toBe(0);

    const other = await app.inject({ method: 'GET', url: '/items/abc/through-nest' });
    expect(other.json()).toEqual({ id: 'abc' });
    expect(CountingInterceptor.calls).toBe(1);
  });

  it('answers bad input as 400 problem+json naming the field, like any route', async () => {
    const response = await app.inject({ method: 'GET', url: '/items/abc?count=99' });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json().errors).toEqual([{ field: 'count', message: 'must not be greater than 10' }]);

    const unknown = await app.inject({ method: 'GET', url: '/items/abc?colour=red' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].field).toBe('colour');
  });

  it('answers what the method throws as problem+json', async () => {
    const response = await app.inject({ method: 'GET', url: '/items/missing' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({
      status: 404,
      detail: "Unknown item 'missing'",
      instance: '/items/missing',
    });
  });

  it('refuses at start-up a method that reads a body or answers by returning', async () => {
    @Controller('bad')
    class BodyController {
      @Post()
      @DirectRoute()
      create(@Body() body: ItemParams, @Res() reply: FastifyReply): void {
        void reply.send(body);
      }
    }
    @Module({ controllers: [BodyController] })
    class BodyModule {}
    await expect(appWith(BodyModule)).rejects.toThrow(
      /BodyController\.create: parameter 0 is not @Param, @Query, @Req or @Res/,
    );

    @Controller('returns')
    class ReturningController {
      @Get()
      @DirectRoute()
      read(@Req() request: FastifyRequest): string {
        return request.url;
      }
    }
    @Module({ controllers: [ReturningController] })
    class ReturningModule {}
    await expect(appWith(ReturningModule)).rejects.toThrow(/must answer through @Res\(\)/);

    @Controller('guarded')
    @UseGuards(DenyAll)
    class GuardedController {
      @Get()
      @DirectRoute()
      read(@Res() reply: FastifyReply): void {
        void reply.send('open');
      }
    }
    @Module({ controllers: [GuardedController] })
    class GuardedModule {}
    await expect(appWith(GuardedModule)).rejects.toThrow(/GuardedController\.read: guards would not run/);
  });

  it('keeps the route config it finds (the role its onRequest hook checks)', () => {
    class Marked {
      @DirectRoute()
      @RequireRole('analyst')
      read(@Res() reply: FastifyReply): void {
        void reply.send('ok');
      }
    }
    expect(Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, Marked.prototype.read)).toEqual({
      requiredRole: 'analyst',
      directRoute: { controller: Marked, method: 'read' },
    });
  });
});
