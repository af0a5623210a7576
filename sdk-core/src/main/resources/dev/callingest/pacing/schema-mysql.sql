-- MySQL 8 / MariaDB 10.6+: the pacing tables of JdbcPacingStore (InnoDB, for row locks). Not run by
-- the SDK's tests; the SQL the store issues is standard apart from the clock query.
CREATE TABLE IF NOT EXISTS {prefix}_account (
  account VARCHAR(200) NOT NULL PRIMARY KEY,
  busy_until BIGINT NOT NULL
) ENGINE=InnoDB;
CREATE TABLE IF NOT EXISTS {prefix}_entry (
  account VARCHAR(200) NOT NULL,
  id BIGINT NOT NULL,
  at_ns BIGINT NOT NULL,
  weight INT NOT NULL,
  lease_ns BIGINT NOT NULL,
  PRIMARY KEY (account, id)
) ENGINE=InnoDB;
CREATE TABLE IF NOT EXISTS {prefix}_slot (
  account VARCHAR(200) NOT NULL,
  id BIGINT NOT NULL,
  held_ns BIGINT NOT NULL,
  lease_ns BIGINT NOT NULL,
  batch_id VARCHAR(200),
  PRIMARY KEY (account, id)
) ENGINE=InnoDB;
