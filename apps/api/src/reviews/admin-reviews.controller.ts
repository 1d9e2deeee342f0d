import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AdminReasonInput, AdminReviewsService } from '@app/admin';
import { Authenticated, CurrentUser, Roles, type AuthUser } from '@app/auth';
import { ModeratedReviewView } from '@app/reviews';
import { ParseUuidPipe } from '../http/uuid-param';

/** Review moderation: admins only, each action in the audit log. */
@ApiTags('admin')
@Controller('admin/reviews')
@Authenticated()
@Roles('admin')
@ApiForbiddenResponse({ description: 'FORBIDDEN: the caller is not an admin' })
export class AdminReviewsController {
  constructor(private readonly reviews: AdminReviewsService) {}

  @Post(':id/hide')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Hide a review from everyone for good; a published one leaves the ratings at once',
  })
  @ApiOkResponse({ type: ModeratedReviewView })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: reason missing or too short' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  @ApiConflictResponse({ description: 'CONFLICT: already hidden' })
  hide(
    @CurrentUser() admin: AuthUser,
    @Param('id', new ParseUuidPipe()) id: string,
    @Body() input: AdminReasonInput,
  ): Promise<ModeratedReviewView> {
    return this.reviews.hide(admin, id, input.reason);
  }
}
