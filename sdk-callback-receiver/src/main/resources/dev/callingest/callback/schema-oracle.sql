-- callingest-callback-receiver: the JdbcDeliveryStore table on Oracle Database (12.2 and later).
-- Oracle before 23ai has no CREATE TABLE IF NOT EXISTS: this script fails when the table exists.
-- id: the delivery id (ids over 255 characters are stored as "sha256:" and their hex digest).
-- lease_owner: the lease holder while a consumer runs it; NULL once it is done.
-- expires_at: milliseconds since the epoch; the lease's end while in progress, the end of replay
-- protection once done.
CREATE TABLE callback_delivery (
  id          VARCHAR2(255 CHAR) NOT NULL PRIMARY KEY,
  lease_owner VARCHAR2(64 CHAR),
  expires_at  NUMBER(19)         NOT NULL
);
CREATE INDEX callback_delivery_expires ON callback_delivery (expires_at);
