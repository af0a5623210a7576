-- callingest-callback-receiver: the JdbcDeliveryStore table on Microsoft SQL Server (2016 and
-- later).
-- id: the delivery id (ids over 255 characters are stored as "sha256:" and their hex digest), in a
-- binary collation, or ids that differ only in case would collide.
-- lease_owner: the lease holder while a consumer runs it; NULL once it is done.
-- expires_at: milliseconds since the epoch; the lease's end while in progress, the end of replay
-- protection once done.
IF OBJECT_ID(N'callback_delivery', N'U') IS NULL
CREATE TABLE callback_delivery (
  id          NVARCHAR(255) COLLATE Latin1_General_100_BIN2 NOT NULL PRIMARY KEY,
  lease_owner NVARCHAR(64) COLLATE Latin1_General_100_BIN2 NULL,
  expires_at  BIGINT NOT NULL,
  INDEX callback_delivery_expires (expires_at)
);
