package dev.callingest.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The shipped scripts as text; PostgreSQL's and H2's also run in the JDBC contract tests. */
class JdbcSchemaTest {
  @Test
  void aScriptIsShippedForEveryPlatformAndNamesTheSameColumns() {
    for (String platform : JdbcSchema.PLATFORMS) {
      assertThat(JdbcDeliveryStore.schemaScript(platform))
          .as(platform)
          .contains("callback_delivery (")
          .contains("id ")
          .contains("lease_owner ")
          .contains("expires_at ")
          .contains("callback_delivery_expires");
    }
    assertThatThrownBy(() -> JdbcDeliveryStore.schemaScript("db2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "no callback_delivery script for platform db2; there are"
                + " [postgresql, h2, mysql, mariadb, sqlserver, oracle]");
  }

  @Test
  void statementsTakeTheStoresTableAndAnIndexNamedAfterIt() {
    assertThat(JdbcSchema.statements("oracle", "crm.cb"))
        .containsExactly(
            "CREATE TABLE crm.cb ( id VARCHAR2(255 CHAR) NOT NULL PRIMARY KEY,"
                + " lease_owner VARCHAR2(64 CHAR), expires_at NUMBER(19) NOT NULL )",
            "CREATE INDEX crm_cb_expires ON crm.cb (expires_at)");
    assertThat(JdbcSchema.statements("sqlserver", "crm.cb"))
        .singleElement()
        .asString()
        .startsWith("IF OBJECT_ID(N'crm.cb', N'U') IS NULL CREATE TABLE crm.cb (")
        .endsWith("INDEX crm_cb_expires (expires_at) )");
    assertThat(JdbcSchema.statements("mysql", "callback_delivery"))
        .singleElement()
        .asString()
        .startsWith("CREATE TABLE IF NOT EXISTS callback_delivery (")
        .contains("COLLATE utf8mb4_bin NOT NULL PRIMARY KEY");
  }

  @Test
  void platformsAreReadFromTheProductName() {
    assertThat(JdbcSchema.platformOf("PostgreSQL")).isEqualTo("postgresql");
    assertThat(JdbcSchema.platformOf("H2")).isEqualTo("h2");
    assertThat(JdbcSchema.platformOf("MySQL")).isEqualTo("mysql");
    assertThat(JdbcSchema.platformOf("MariaDB")).isEqualTo("mariadb");
    assertThat(JdbcSchema.platformOf("Microsoft SQL Server")).isEqualTo("sqlserver");
    assertThat(JdbcSchema.platformOf("Oracle")).isEqualTo("oracle");
    assertThat(JdbcSchema.platformOf("HSQL Database Engine")).isNull();
  }
}
