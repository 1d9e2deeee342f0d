import { Controller, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import type { RawBodyRequest } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { PaymentWebhooks } from '@app/payments';
import type { FastifyRequest } from 'fastify';
import { RequestHeader } from '../openapi/request-header';

class WebhookReceipt {
  @ApiProperty({ example: true }) received: boolean;
  @ApiProperty({ description: 'False when this event had already been delivered', example: true })
  stored: boolean;
  @ApiProperty({ example: 'evt_1P0aBc2eZvKYlo2C' }) id: string;
  @ApiProperty({ example: 'payment_intent.succeeded' }) type: string;
}

/**
 * Stripe's webhook endpoint. The signature is checked on the raw body (the
 * app keeps it for JSON requests), the event is stored once and queued, and
 * Stripe gets its 200 at once; the worker applies the event.
 */
@ApiTags('payments')
@ApiExtraModels(WebhookReceipt)
@Controller('payments/webhooks')
export class StripeWebhooksController {
  constructor(private readonly webhooks: PaymentWebhooks) {}

  @Post('stripe')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: "Stripe's webhook deliveries",
    description:
      'Verifies the Stripe-Signature header on the raw body (STRIPE_WEBHOOK_SECRET, five minutes of tolerance), stores the event once by its id and queues it for the worker. Repeated deliveries answer 200 and change nothing.',
  })
  @ApiHeader({
    name: 'Stripe-Signature',
    required: true,
    description: "Stripe's signature of the raw body (`t=…,v1=…`)",
  })
  @ApiOkResponse({ type: WebhookReceipt })
  @ApiBadRequestResponse({
    description:
      'INVALID_WEBHOOK_SIGNATURE: missing, wrong or stale signature (or payments are local); BAD_REQUEST: not JSON',
  })
  async receive(
    @Req() request: RawBodyRequest<FastifyRequest>,
    @RequestHeader('stripe-signature') signature?: string,
  ): Promise<WebhookReceipt> {
    const event = await this.webhooks.receive(request.rawBody ?? '', signature);
    return { received: true, ...event };
  }
}
