import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { NotFoundError } from '@app/core';
import { IsNull, Repository, type EntityManager } from 'typeorm';
import type { UpdateProfileInput } from './dto/update-profile.input';
import { normalizeEmail } from './email';
import { User } from './user.entity';

@Injectable()
export class UsersService {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

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
    return this.get(id);
  }

  async becomeHost(id: string): Promise<User> {
    await this.get(id);
    await this.users.update({ id }, { isHost: true });
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

  repository(manager?: EntityManager): Repository<User> {
    return manager ? manager.getRepository(User) : this.users;
  }
}
