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
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(60_000)
  workMs?: number;
}

export class JobResponse {
  @ApiProperty() id: string;
  @ApiProperty() queue: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: [...JOB_STATES, 'waiting-children', 'unknown'] })
  state: string;
  @ApiProperty() attemptsMade: number;
  @ApiProperty({ type: 'object', additionalProperties: true }) data: unknown;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) result: unknown;
  @ApiProperty({ type: String, nullable: true }) failedReason: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt: string | null;
}
