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
  @ApiPropertyOptional({ description: 'Only mails to this address', example: 'guest@demo.test' })
  @IsOptional()
  @IsString()
  @MaxLength(320)
  to?: string;
}

export class DevMailResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'guest@demo.test' }) to: string;
  @ApiProperty({ example: 'Confirm your email address' }) subject: string;
  @ApiProperty() text: string;
  @ApiProperty() html: string;
  @ApiProperty() messageId: string;
  @ApiProperty({ format: 'date-time' }) sentAt: string;
  @ApiProperty({ example: '/dev/mailbox/7c9e6679-7425-40de-944b-e07fc1f90ae7' }) url: string;
}

export class DevMailList {
  @ApiProperty({ type: [DevMailResponse] }) data: DevMailResponse[];
}
