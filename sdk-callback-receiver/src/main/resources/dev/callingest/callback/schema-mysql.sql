-- callingest-callback-receiver: the JdbcDeliveryStore table on MySQL (8.0 and later).
-- id: the delivery id (ids over 255 characters are stored as "sha256:" and their hex digest), in a
-- binary collation, or ids that differ only in case would collide.
-- lease_owner: the lease holder while a consumer runs it; NULL once it is done.
-- expires_at: milliseconds since the epoch; the lease's end while in progress, the end of replay
-- protection once done.
CREATE TABLE IF NOT EXISTS callback_delivery (
  id          VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL PRIMARY KEY,
  lease_owner VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
  expires_at  BIGINT NOT NULL,
  INDEX callback_delivery_expires (expires_at)
);
