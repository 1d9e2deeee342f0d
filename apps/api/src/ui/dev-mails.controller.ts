import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DevMailbox } from '@app/notifications';
import { DEV_MAILBOX_ROUTE } from './dev-mailbox-pages';
import { DevMailList, DevMailsQuery } from './ui.dto';

/** The development mailbox as JSON, for scripts (mounted only when the mailbox is on). */
@ApiTags('system')
@Controller('dev/mails')
export class DevMailsController {
  constructor(private readonly mailbox: DevMailbox) {}

  @Get()
  @ApiOperation({
    summary: 'Mails kept by the development mailbox, newest first (no SMTP_URL, not in production)',
  })
  @ApiOkResponse({ type: DevMailList })
  async list(@Query() query: DevMailsQuery): Promise<DevMailList> {
    const mails = await this.mailbox.list({ to: query.to });
    return { data: mails.map((mail) => ({ ...mail, url: `${DEV_MAILBOX_ROUTE}/${mail.id}` })) };
  }
}
