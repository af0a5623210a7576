-- The callback delivery table (JdbcDeliveryStore's current layout), for MariaDB: a binary collation,
-- or ids differing only in case would collide.
CREATE TABLE IF NOT EXISTS callback_delivery (
  id         VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL PRIMARY KEY,
  expires_at BIGINT NOT NULL,
  INDEX callback_delivery_expires (expires_at)
);
