import { ArgsType, Field, ID, ObjectType } from '@nestjs/graphql';
import { encodeCursor, type Page } from '@app/core';
import { REVIEW_AUTHOR_ROLES, ReviewView, type ReviewAuthorRole } from '@app/reviews';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageInfoType } from '../listings/listing-connection.types';
import { ConnectionArgs } from '../listings/listings.args';

@ObjectType('ReviewEdge')
export class ReviewEdgeType {
  @Field() cursor: string;
  @Field(() => ReviewView) node: ReviewView;
}

@ObjectType('ReviewConnection')
export class ReviewConnectionType {
  @Field(() => [ReviewEdgeType]) edges: ReviewEdgeType[];
  @Field(() => PageInfoType) pageInfo: PageInfoType;

  static of(page: Page<ReviewView>): ReviewConnectionType {
    return {
      edges: page.data.map((node) => ({
        node,
        cursor: encodeCursor({ at: node.publishedAt ?? node.submittedAt, id: node.id }),
      })),
      pageInfo: { endCursor: page.nextCursor, hasNextPage: page.nextCursor !== null },
    };
  }
}

@ArgsType()
export class UserReviewsArgs extends ConnectionArgs {
  @Field(() => ID) @IsUUID() userId: string;

  @Field(() => String, {
    nullable: true,
    description:
      'guest: reviews hosts wrote about the user; host: reviews of stays the user hosted',
  })
  @IsOptional()
  @IsIn(REVIEW_AUTHOR_ROLES)
  as?: ReviewAuthorRole;
}
