import { Field, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { AppConfig, Clock } from '@app/core';

@ObjectType({ description: 'What this API server is and how it is connected' })
export class ServerInfo {
  @Field() name: string;
  @Field() time: Date;
  @Field({ description: 'redis or postgres' }) queueBackend: string;
}

@Resolver(() => ServerInfo)
export class ServerInfoResolver {
  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  @Query(() => ServerInfo)
  serverInfo(): ServerInfo {
    return {
      name: this.config.env.APP_NAME,
      time: this.clock.now(),
      queueBackend: this.config.queueBackend,
    };
  }
}
