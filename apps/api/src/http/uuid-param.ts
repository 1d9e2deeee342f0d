import { ParseUUIDPipe, type ArgumentMetadata } from '@nestjs/common';
import { ValidationFailedError } from '@app/core';

/**
 * Nest's UUID check answering like every other validation problem:
 * VALIDATION_FAILED with `errors: [{ field: 'id', message: 'id must be a UUID' }]`
 * (Nest's own answers BAD_REQUEST without saying which parameter).
 */
export class ParseUuidPipe extends ParseUUIDPipe {
  override async transform(
    value: string,
    metadata: ArgumentMetadata,
  ): ReturnType<ParseUUIDPipe['transform']> {
    const field = metadata.data ?? 'id';
    try {
      return await super.transform(value, metadata);
    } catch {
      throw new ValidationFailedError(
        [{ field, message: `${field} must be a UUID` }],
        `${field} must be a UUID, such as 3f2b8c1e-6d4a-4e8b-9a7c-1b2c3d4e5f60.`,
      );
    }
  }
}
