import { Field, InputType, Int } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { MultilineText } from '@app/core';
import { MAX_REVIEW_TEXT } from '../review-catalogue';

/** A whole star rating, 1 to 5. */
const Stars = () => (target: object, key: string) => {
  IsInt({ message: `${key} must be a whole number from 1 to 5` })(target, key);
  Min(1, { message: `${key} must be a whole number from 1 to 5` })(target, key);
  Max(5, { message: `${key} must be a whole number from 1 to 5` })(target, key);
};

const subRating = (what: string) =>
  ApiPropertyOptional({
    minimum: 1,
    maximum: 5,
    example: 5,
    description: `${what} (guests: required; hosts: not allowed)`,
  });

/**
 * A review of a completed stay. A guest rates the stay (overall and every
 * sub-rating); a host rates the guest (overall and wouldHostAgain). Which one
 * the caller is comes from the booking, so the service checks the shape.
 */
@InputType()
export class CreateReviewInput {
  @ApiProperty({ minimum: 1, maximum: 5, example: 5, description: 'Overall rating, 1-5' })
  @Field(() => Int)
  @Stars()
  overall: number;

  @subRating('Cleanliness')
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Stars()
  cleanliness?: number;

  @subRating('Accuracy of the listing')
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Stars()
  accuracy?: number;

  @subRating("The host's communication")
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Stars()
  communication?: number;

  @subRating('Location')
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Stars()
  location?: number;

  @subRating('Check-in')
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Stars()
  checkIn?: number;

  @subRating('Value for money')
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Stars()
  value?: number;

  @ApiPropertyOptional({
    description: 'Would host this guest again (hosts: required; guests: not allowed)',
    example: true,
  })
  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  wouldHostAgain?: boolean;

  @ApiProperty({ minLength: 1, maxLength: MAX_REVIEW_TEXT, example: 'Spotless flat, lovely host.' })
  @Field()
  @IsString()
  @Length(1, MAX_REVIEW_TEXT, { message: `text must be 1 to ${MAX_REVIEW_TEXT} characters` })
  @MultilineText()
  text: string;
}

/** The host's one public reply to a published guest review. */
@InputType()
export class ReviewResponseInput {
  @ApiProperty({ minLength: 1, maxLength: MAX_REVIEW_TEXT, example: 'Thank you, come back soon!' })
  @Field()
  @IsString()
  @Length(1, MAX_REVIEW_TEXT, { message: `text must be 1 to ${MAX_REVIEW_TEXT} characters` })
  @MultilineText()
  text: string;
}
