import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Clock, NotFoundError } from '@app/core';
import { IsNull, Repository, type EntityManager } from 'typeorm';
import type { UpdateProfileInput } from './dto/update-profile.input';
import type { PublicUserView } from './dto/user.views';
import { normalizeEmail } from './email';
import { PublicProfileCache } from './public-profile-cache';
import { User } from './user.entity';

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly clock: Clock,
    private readonly profiles: PublicProfileCache,
  ) {}

  /** An active (not deleted) user, or NOT_FOUND. */
  async get(id: string): Promise<User> {
    const user = await this.users.findOne({ where: { id, deletedAt: IsNull() } });
    if (!user) throw new NotFoundError('User', id);
    return user;
  }

  /** Active users by id, for DataLoaders (order not guaranteed). */
  findMany(ids: readonly string[]): Promise<User[]> {
    return this.users
      .createQueryBuilder('u')
      .where('u.id = ANY(:ids)', { ids })
      .andWhere('u.deleted_at IS NULL')
      .getMany();
  }

  /**
   * Public views of active users by id, for DataLoaders (order not guaranteed),
   * cached until a write to public fields (PublicProfileCache).
   */
  publicViews(ids: readonly string[]): Promise<PublicUserView[]> {
    return this.profiles.many(ids, (missing) => this.loadPublicViews(missing));
  }

  /** Only the public columns are read. */
  private async loadPublicViews(ids: readonly string[]): Promise<PublicUserView[]> {
    const rows: {
      id: string;
      first_name: string;
      avatar_url: string | null;
      bio: string | null;
      is_host: boolean;
      created_at: Date;
      guest_rating_avg: string | null;
      guest_rating_count: number;
    }[] = await this.users.query(
      `SELECT id, first_name, avatar_url, bio, is_host, created_at, guest_rating_avg, guest_rating_count
        FROM users WHERE id = ANY($1) AND deleted_at IS NULL`,
      [ids],
    );
    return rows.map((r) => ({
      id: r.id,
      firstName: r.first_name,
      avatarUrl: r.avatar_url,
      bio: r.bio,
      isHost: r.is_host,
      createdAt: r.created_at,
      guestRatingAverage: r.guest_rating_avg === null ? null : Number(r.guest_rating_avg),
      guestRatingCount: r.guest_rating_count,
    }));
  }

  /** An active user by email (any case), or null. */
  findByEmail(email: string): Promise<User | null> {
    return this.users
      .createQueryBuilder('u')
      .where('lower(u.email) = :email', { email: normalizeEmail(email) })
      .andWhere('u.deleted_at IS NULL')
      .getOne();
  }

  /** With the password hash, for sign-in only. */
  findForLogin(email: string): Promise<User | null> {
    return this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('lower(u.email) = :email', { email: normalizeEmail(email) })
      .andWhere('u.deleted_at IS NULL')
      .getOne();
  }

  /** With the password hash, for re-checking the current password. */
  findWithPasswordHash(id: string): Promise<User | null> {
    return this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.id = :id', { id })
      .andWhere('u.deleted_at IS NULL')
      .getOne();
  }

  async updateProfile(id: string, input: UpdateProfileInput): Promise<User> {
    await this.get(id);
    await this.users.update({ id }, input);
    await this.profiles.invalidate();
    return this.get(id);
  }

  async becomeHost(id: string): Promise<User> {
    await this.get(id);
    await this.users.update({ id }, { isHost: true });
    await this.profiles.invalidate();
    return this.get(id);
  }

  async setRole(email: string, role: User['role']): Promise<User> {
    const user = await this.users.findOne({
      where: { email: normalizeEmail(email), deletedAt: IsNull() },
    });
    if (!user) throw new NotFoundError('User', email);
    await this.users.update({ id: user.id }, { role });
    return this.get(user.id);
  }

  /**
   * Replaces personal data with placeholders and marks the account deleted; the
   * row stays for the bookings and reviews that point at it, and the email is
   * free to register again. The password hash becomes a value no password matches.
   * In the caller's transaction: the caller invalidates PublicProfileCache after the commit.
   */
  async anonymise(manager: EntityManager, id: string): Promise<void> {
    await manager.getRepository(User).update(
      { id },
      {
        email: `deleted-${id}@deleted.invalid`,
        passwordHash: '!deleted',
        firstName: 'Deleted',
        lastName: 'user',
        phone: null,
        avatarUrl: null,
        bio: null,
        deletedAt: this.clock.now(),
      },
    );
  }

  repository(manager?: EntityManager): Repository<User> {
    return manager ? manager.getRepository(User) : this.users;
  }
}
