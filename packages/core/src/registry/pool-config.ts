/** A pool's public description: code, database and address, never a secret. */
export class PoolConfig {
  /** @internal */
  constructor(
    private readonly code: string,
    private readonly database: number,
    private readonly address: string,
    private readonly namespace?: string,
  ) {}

  /** The pool code, such as `"default"`. */
  getCode(): string {
    return this.code;
  }

  /** The database index the pool is bound to. */
  getDatabase(): number {
    return this.database;
  }

  /** The pool's namespace (`registerRedis(..., { namespace })`), or `undefined`. Keys are stored as `<namespace>:<key>`. */
  getNamespace(): string | undefined {
    return this.namespace;
  }

  /** The address as registered, without any password or token. */
  getAddress(): string {
    return this.address;
  }
}
