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
import {
  ApiAcceptedResponse,
  ApiBasicAuth,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
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
  @ApiOperation({ summary: 'Queue a ping job (checks the worker end to end)' })
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: JobResponse })
  enqueuePing(@Body() input: EnqueuePingInput): Promise<JobResponse> {
    return this.jobs.enqueuePing(input.message, { workMs: input.workMs });
  }

  @Get(':id')
  @ApiOperation({ summary: "A system job's state" })
  @ApiOkResponse({ type: JobResponse })
  find(@Param('id') id: string): Promise<JobResponse> {
    return this.jobs.find(id);
  }
}
