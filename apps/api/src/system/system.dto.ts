import { ApiProperty } from '@nestjs/swagger';
import { JOB_STATES } from '@app/core';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class EnqueuePingInput {
  @ApiProperty({ example: 'hello', minLength: 1, maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  message: string;
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
