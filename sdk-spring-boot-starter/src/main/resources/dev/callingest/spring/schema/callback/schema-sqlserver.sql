-- The callback delivery table (JdbcDeliveryStore's current layout), for SQL Server. It has no
-- CREATE TABLE IF NOT EXISTS: on a second start this fails, which continue-on-error (the default)
-- lets pass.
CREATE TABLE callback_delivery (
  id         VARCHAR(255) NOT NULL PRIMARY KEY,
  expires_at BIGINT       NOT NULL
);
CREATE INDEX callback_delivery_expires ON callback_delivery (expires_at);
