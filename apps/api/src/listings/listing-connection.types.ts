import { Field, ObjectType } from '@nestjs/graphql';
import { ListingView, type ListingPage } from '@app/listings';

@ObjectType('ListingEdge')
export class ListingEdgeType {
  @Field() cursor: string;
  @Field(() => ListingView) node: ListingView;
}

@ObjectType('PageInfo')
export class PageInfoType {
  @Field(() => String, { nullable: true }) endCursor: string | null;
  @Field() hasNextPage: boolean;
}

@ObjectType('ListingConnection')
export class ListingConnectionType {
  @Field(() => [ListingEdgeType]) edges: ListingEdgeType[];
  @Field(() => PageInfoType) pageInfo: PageInfoType;

  static of(page: ListingPage): ListingConnectionType {
    return {
      edges: page.edges,
      pageInfo: { endCursor: page.nextCursor, hasNextPage: page.nextCursor !== null },
    };
  }
}
