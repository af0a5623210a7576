-- callingest-callback-receiver: the JdbcDeliveryStore table on PostgreSQL.
-- id: the delivery id (ids over 255 characters are stored as "sha256:" and their hex digest).
-- lease_owner: the lease holder while a consumer runs it; NULL once it is done.
-- expires_at: milliseconds since the epoch; the lease's end while in progress, the end of replay
-- protection once done.
CREATE TABLE IF NOT EXISTS callback_delivery (
  id          VARCHAR(255) NOT NULL PRIMARY KEY,
  lease_owner VARCHAR(64),
  expires_at  BIGINT       NOT NULL
);
CREATE INDEX IF NOT EXISTS callback_delivery_expires ON callback_delivery (expires_at);
