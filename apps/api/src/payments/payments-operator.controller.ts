import { Controller, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBasicAuth,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { PaymentJobs } from '@app/payments';
import { OperatorGuard } from '../admin/operator.guard';

class ReconcileJobView {
  @ApiProperty({ description: 'The queued job (queue payments)', example: '17' })
  id: string;
  @ApiProperty({ example: 'payments' }) queue: string;
}

/** Operator tools for payments. */
@ApiTags('system')
@ApiBasicAuth()
@UseGuards(OperatorGuard)
@Controller('system/payments')
export class PaymentsOperatorController {
  constructor(private readonly jobs: PaymentJobs) {}

  @Post('reconcile')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Reconcile payments now',
    description:
      'Queues a reconciliation besides the periodic one (every 5 minutes): open payments and refunds are read again from the provider and repaired.',
  })
  @ApiAcceptedResponse({ type: ReconcileJobView })
  async reconcile(): Promise<ReconcileJobView> {
    return { id: await this.jobs.reconcileNow(), queue: 'payments' };
  }
}
