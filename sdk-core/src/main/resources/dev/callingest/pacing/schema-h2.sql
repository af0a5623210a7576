-- H2 (2.x): the pacing tables of JdbcPacingStore, the same as PostgreSQL's.
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
