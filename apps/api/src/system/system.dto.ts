import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { JOB_STATES } from '@app/core';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';

export class EnqueuePingInput {
  @ApiProperty({ example: 'hello', minLength: 1, maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  message: string;

  @ApiPropertyOptional({
    description:
      'Milliseconds the worker holds the job before answering (shutdown and failover drills)',
    minimum: 0,
    maximum: 60000,
    example: 2000,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(60_000)
  workMs?: number;
}

export class JobResponse {
  @ApiProperty({ example: '42' }) id: string;
  @ApiProperty({ example: 'system' }) queue: string;
  @ApiProperty({ example: 'ping' }) name: string;
  @ApiProperty({ enum: [...JOB_STATES, 'waiting-children', 'unknown'], example: 'completed' })
  state: string;
  @ApiProperty({ example: 1 }) attemptsMade: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: {
      correlationId: '5d8e2f1a-3b4c-4d6e-9f70-8a1b2c3d4e5f',
      message: 'hello',
      requestedAt: '2030-05-20T14:32:05.000Z',
    },
  })
  data: unknown;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    example: {
      echo: 'hello',
      processedBy: { hostname: 'worker-1', pid: 4127 },
      processedAt: '2030-05-20T14:32:05.180Z',
    },
  })
  result: unknown;
  @ApiProperty({ type: String, nullable: true, example: 'Worker stopped before answering' })
  failedReason: string | null;
  @ApiProperty({ format: 'date-time', example: '2030-05-20T14:32:05.000Z' }) createdAt: string;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2030-05-20T14:32:05.190Z',
  })
  finishedAt: string | null;
}
