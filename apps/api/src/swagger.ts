import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** OpenAPI document at /docs-json and Swagger UI at /docs. */
export function setupSwagger(app: NestFastifyApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Rental marketplace API')
    .setDescription(
      'REST API of the rental marketplace. Errors are application/problem+json (RFC 9457) with a stable `code`. ' +
        'Lists use cursor paging: `?limit=&cursor=` returns `{ data, nextCursor }`.',
    )
    .setVersion('1.0')
    .addBearerAuth()
    .addBasicAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    yamlDocumentUrl: 'docs-yaml',
  });
}
