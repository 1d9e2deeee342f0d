import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class ApiIndexLinks {
  @ApiPropertyOptional({ example: '/docs', description: 'Swagger UI' }) docs?: string;
  @ApiPropertyOptional({ example: '/docs-json', description: 'The OpenAPI document' })
  openapi?: string;
  @ApiProperty({ example: '/graphql' }) graphql: string;
  @ApiPropertyOptional({ example: '/graphiql', description: 'GraphiQL, outside production' })
  graphiql?: string;
  @ApiProperty({ example: '/health/ready' }) health: string;
  @ApiProperty({ example: '/health/live' }) liveness: string;
  @ApiPropertyOptional({ example: '/dev/mailbox', description: 'Kept mails, when no SMTP_URL' })
  mailbox?: string;
  @ApiPropertyOptional({ example: '/api/v1/dev/mails', description: 'Kept mails as JSON' })
  mails?: string;
}

export class ApiIndex {
  @ApiProperty({ example: 'airbnb-clone-backend' }) name: string;
  @ApiProperty({ example: 'v1' }) version: string;
  @ApiProperty({ type: ApiIndexLinks }) links: ApiIndexLinks;
}

export class DevMailsQuery {
  @ApiPropertyOptional({ description: 'Only mails to this address', example: 'guest@demo.local' })
  @IsOptional()
  @IsString()
  @MaxLength(320)
  to?: string;
}

export class DevMailResponse {
  @ApiProperty({ format: 'uuid', example: '7c9e6679-7425-40de-944b-e07fc1f90ae7' }) id: string;
  @ApiProperty({ example: 'guest@demo.local' }) to: string;
  @ApiProperty({ example: 'Confirm your email address' }) subject: string;
  @ApiProperty({
    example: 'Hi Grace,\n\nPlease confirm your email address by opening this link: …',
  })
  text: string;
  @ApiProperty({ example: '<!doctype html><html><body><p>Hi Grace,</p>…</body></html>' })
  html: string;
  @ApiProperty({ example: '<3f9a1c2e-5b7d-4e8f-9a0b-1c2d3e4f5a6b@localhost>' }) messageId: string;
  @ApiProperty({ format: 'date-time', example: '2030-06-01T09:30:00.000Z' }) sentAt: string;
  @ApiProperty({ example: '/dev/mailbox/7c9e6679-7425-40de-944b-e07fc1f90ae7' }) url: string;
}

export class DevMailList {
  @ApiProperty({ type: [DevMailResponse] }) data: DevMailResponse[];
}
