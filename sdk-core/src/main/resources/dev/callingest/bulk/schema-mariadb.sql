-- The shared import journal (dev.callingest.bulk.JdbcImportJournal) on MariaDB (InnoDB).
-- A binary collation, or call ids and import names differing only in case would be confused.
-- Events: one row per journal line, in the order of seq within an import.
CREATE TABLE IF NOT EXISTS callingest_import_event (
  import_name VARCHAR(200) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  seq         BIGINT       NOT NULL,
  event_type  CHAR(1)      NOT NULL,
  call_id     TEXT         CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  batch_id    TEXT         CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
  dup         BOOLEAN      NOT NULL,
  reason      TEXT         CHARACTER SET utf8mb4,
  PRIMARY KEY (import_name, seq)
) ENGINE = InnoDB;
-- Leases: which process runs an import, until when (milliseconds since the epoch).
CREATE TABLE IF NOT EXISTS callingest_import_lease (
  import_name  VARCHAR(200) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL PRIMARY KEY,
  owner_id     VARCHAR(200) NOT NULL,
  expires_at   BIGINT       NOT NULL,
  heartbeat_at BIGINT       NOT NULL
) ENGINE = InnoDB;
