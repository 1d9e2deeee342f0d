import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  UseGuards,
} from '@nestjs/common';
import { ApiAcceptedResponse, ApiBasicAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { SystemJobs } from '@app/core';
import { OperatorGuard } from '../admin/operator.guard';
import { EnqueuePingInput, JobResponse } from './system.dto';

/** Operator tools: push a job through the queue to check the API -> worker pipe. */
@ApiTags('system')
@ApiBasicAuth()
@UseGuards(OperatorGuard)
@Controller('system/jobs')
export class SystemController {
  constructor(private readonly jobs: SystemJobs) {}

  @Post('ping')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: JobResponse })
  enqueuePing(@Body() input: EnqueuePingInput): Promise<JobResponse> {
    return this.jobs.enqueuePing(input.message, { workMs: input.workMs });
  }

  @Get(':id')
  @ApiOkResponse({ type: JobResponse })
  find(@Param('id') id: string): Promise<JobResponse> {
    return this.jobs.find(id);
  }
}
