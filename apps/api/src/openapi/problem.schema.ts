/** The OpenAPI schema of every problem+json body (see http/problem-details.ts). */
export const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'RFC 9457 problem details with a stable machine `code` and the request id',
  required: ['type', 'title', 'status', 'detail', 'code', 'requestId'],
  properties: {
    type: { type: 'string', example: 'urn:problem-type:validation-failed' },
    title: { type: 'string', example: 'Validation failed' },
    status: { type: 'integer', example: 400 },
    detail: { type: 'string', example: 'The request has invalid fields' },
    code: { type: 'string', example: 'VALIDATION_FAILED' },
    instance: { type: 'string', example: '/api/v1/auth/register' },
    requestId: { type: 'string', example: '3f0c2a9e-8d4b-4c1e-9a57-0f6d1e2b3c4d' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: {
          field: { type: 'string', example: 'guests' },
          message: { type: 'string', example: 'guests must not be less than 1' },
        },
      },
    },
    details: { type: 'object', additionalProperties: true, example: { status: 'awaiting_host' } },
  },
};
