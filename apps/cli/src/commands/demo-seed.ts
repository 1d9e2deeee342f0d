import { Injectable } from '@nestjs/common';
import { PasswordHasher } from '@app/auth';
import { AppConfig, Clock, TransactionRunner } from '@app/core';
import { RatingAggregates } from '@app/reviews';
import { seedDemoListings } from '@app/listings';
import { User, type UserRole } from '@app/users';
import { DataSource, In } from 'typeorm';
import { seedDemoHistory, type DemoHistory } from './demo-history';

/** The demo accounts `npm start` creates and prints (development only); the two hosts share the demo listings. */
export const DEMO_PASSWORD = 'demo-password-2026';
export const DEMO_ACCOUNTS: {
  email: string;
  firstName: string;
  lastName: string;
  role: UserRole;
  isHost: boolean;
}[] = [
  { email: 'guest@demo.local', firstName: 'Grace', lastName: 'Guest', role: 'user', isHost: false },
  { email: 'host@demo.local', firstName: 'Henry', lastName: 'Host', role: 'user', isHost: true },
  { email: 'host2@demo.local', firstName: 'Hana', lastName: 'Hoshino', role: 'user', isHost: true },
  { email: 'admin@demo.local', firstName: 'Ada', lastName: 'Admin', role: 'admin', isHost: true },
];

export interface DemoSeedResult {
  created: string[];
  listingsAdded: number;
  /** The demo guest's and host's bookings, written on the first run only. */
  history?: DemoHistory;
  accounts: { email: string; password: string; role: UserRole; isHost: boolean }[];
}

/**
 * Creates the demo accounts and the hosts' 40 demo listings (20 each) once: existing
 * rows are left as they are, so running it on every start changes nothing
 * after the first.
 */
@Injectable()
export class DemoSeed {
  constructor(
    private readonly passwords: PasswordHasher,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly dataSource: DataSource,
    private readonly aggregates: RatingAggregates,
    private readonly config: AppConfig,
  ) {}

  async run(): Promise<DemoSeedResult> {
    const passwordHash = await this.passwords.hash(DEMO_PASSWORD);
    const created: string[] = [];
    await this.tx.run(async (manager) => {
      for (const account of DEMO_ACCOUNTS) {
        const result = await manager
          .createQueryBuilder()
          .insert()
          .into(User)
          .values({ ...account, passwordHash, emailVerifiedAt: this.clock.now() })
          .orIgnore()
          .execute();
        if (result.identifiers.length > 0 && result.identifiers[0]) created.push(account.email);
      }
    });
    const hosts = await this.dataSource.getRepository(User).find({
      where: {
        email: In(DEMO_ACCOUNTS.filter((a) => a.role === 'user' && a.isHost).map((a) => a.email)),
      },
      order: { email: 'ASC' },
    });
    const listingsAdded = await seedDemoListings(
      this.dataSource,
      hosts.map((h) => h.id),
    );
    const history = await this.seedHistory();
    return {
      created,
      listingsAdded,
      history,
      accounts: DEMO_ACCOUNTS.map(({ email, role, isHost }) => ({
        email,
        password: DEMO_PASSWORD,
        role,
        isHost,
      })),
    };
  }

  /** Past and pending bookings of the demo guest with the demo host, so every feature has something to act on. */
  private async seedHistory(): Promise<DemoHistory | undefined> {
    const users = await this.dataSource.getRepository(User).find({
      where: { email: In(['guest@demo.local', 'host@demo.local']) },
    });
    const guest = users.find((u) => u.email === 'guest@demo.local');
    const host = users.find((u) => u.email === 'host@demo.local');
    if (!guest || !host) return undefined;
    return this.tx.run(async (manager) => {
      const seeded = await seedDemoHistory(manager, {
        guestId: guest.id,
        hostId: host.id,
        now: this.clock.now(),
        fees: this.config.serviceFees,
        localPayments: this.config.env.PAYMENTS_PROVIDER === 'local',
      });
      if (!seeded) return undefined;
      // The published reviews count in the listing and guest ratings, as a publication would.
      await this.aggregates.apply(manager, seeded.reviews, 1);
      return seeded.history;
    });
  }
}
