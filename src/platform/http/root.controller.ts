import { Controller, Get, Redirect } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';

/** Where `GET /` leads: the API's documentation (Swagger UI), until a dashboard serves the root. */
export const ROOT_TARGET = '/docs';

/** `GET /` answers 302 to `ROOT_TARGET`, so that a browser pointed at the service lands somewhere useful. */
@ApiExcludeController()
@Controller()
export class RootController {
  @Get()
  @Redirect(ROOT_TARGET, 302)
  root(): void {
    // the redirect is the answer
  }
}
