-- PostgreSQL: the pacing tables of JdbcPacingStore. Times are epoch nanoseconds of the database's
-- clock (or the store's injected clock); 9223372036854775807 marks "open": an entry under way, a
-- slot held until its request ends, a slot without a lease.
CREATE TABLE IF NOT EXISTS {prefix}_account (
  account VARCHAR(200) NOT NULL PRIMARY KEY,
  busy_until BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS {prefix}_entry (
  account VARCHAR(200) NOT NULL,
  id BIGINT NOT NULL,
  at_ns BIGINT NOT NULL,
  weight INT NOT NULL,
  lease_ns BIGINT NOT NULL,
  PRIMARY KEY (account, id)
);
CREATE TABLE IF NOT EXISTS {prefix}_slot (
  account VARCHAR(200) NOT NULL,
  id BIGINT NOT NULL,
  held_ns BIGINT NOT NULL,
  lease_ns BIGINT NOT NULL,
  batch_id VARCHAR(200),
  PRIMARY KEY (account, id)
);
