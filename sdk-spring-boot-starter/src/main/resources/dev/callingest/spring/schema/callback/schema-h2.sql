-- The callback delivery table (JdbcDeliveryStore's current layout), for H2.
CREATE TABLE IF NOT EXISTS callback_delivery (
  id         VARCHAR(255) NOT NULL PRIMARY KEY,
  expires_at BIGINT       NOT NULL
);
CREATE INDEX IF NOT EXISTS callback_delivery_expires ON callback_delivery (expires_at);
