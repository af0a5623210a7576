-- The shared import journal (dev.callingest.bulk.JdbcImportJournal) on H2.
-- Events: one row per journal line, in the order of seq within an import.
CREATE TABLE IF NOT EXISTS callingest_import_event (
  import_name VARCHAR(200) NOT NULL,
  seq         BIGINT       NOT NULL,
  event_type  CHAR(1)      NOT NULL,
  call_id     CHARACTER VARYING NOT NULL,
  batch_id    CHARACTER VARYING,
  dup         BOOLEAN      NOT NULL,
  reason      CHARACTER VARYING,
  PRIMARY KEY (import_name, seq)
);
-- Leases: which process runs an import, until when (milliseconds since the epoch).
CREATE TABLE IF NOT EXISTS callingest_import_lease (
  import_name  VARCHAR(200) NOT NULL PRIMARY KEY,
  owner_id     VARCHAR(200) NOT NULL,
  expires_at   BIGINT       NOT NULL,
  heartbeat_at BIGINT       NOT NULL
);
