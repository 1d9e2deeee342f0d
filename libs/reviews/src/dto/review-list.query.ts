import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQuery } from '@app/core';
import { IsIn, IsOptional } from 'class-validator';
import { REVIEW_AUTHOR_ROLES, type ReviewAuthorRole } from '../review-catalogue';

/** `GET /users/:id/reviews`: reviews about the user, optionally only as a guest or as a host. */
export class UserReviewsQuery extends PageQuery {
  @ApiPropertyOptional({
    enum: REVIEW_AUTHOR_ROLES,
    description:
      'as: guest = reviews hosts wrote about the user as a guest; host = reviews guests wrote about stays the user hosted',
    example: 'host',
  })
  @IsOptional()
  @IsIn(REVIEW_AUTHOR_ROLES)
  as?: ReviewAuthorRole;
}
