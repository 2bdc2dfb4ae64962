package io.runnel.connect.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.connect.jdbc.dialect.DatabaseDialect;
import io.runnel.connect.jdbc.dialect.DialectFinder;
import io.runnel.connect.jdbc.dialect.TableId;
import java.util.List;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.junit.jupiter.api.Test;

/** The dialects found with ServiceLoader, and the SQL that differs between them (MariaDB has no server here). */
class DialectsTest {

    @Test
    void eachBundledDatabaseGetsItsOwnDialectFromTheUrlAndOthersTheGenericOne() {
        assertThat(DialectFinder.find("jdbc:postgresql://h/db", "").name()).isEqualTo("PostgreSqlDatabaseDialect");
        assertThat(DialectFinder.find("jdbc:mariadb://h/db", "").name()).isEqualTo("MySqlDatabaseDialect");
        assertThat(DialectFinder.find("jdbc:mysql://h/db", "").name()).isEqualTo("MySqlDatabaseDialect");
        assertThat(DialectFinder.find("jdbc:sqlite:x.db", "").name()).isEqualTo("SqliteDatabaseDialect");
        assertThat(DialectFinder.find("jdbc:h2:mem:x", "").name()).isEqualTo("H2DatabaseDialect");
        assertThat(DialectFinder.find("jdbc:derby:x", "").name()).isEqualTo("GenericDatabaseDialect");
        assertThat(DialectFinder.find("jdbc:h2:mem:x", "PostgreSql").name()).isEqualTo("PostgreSqlDatabaseDialect");
    }

    @Test
    void anUnknownDialectNameIsAConfigErrorListingTheKnownOnes() {
        assertThatThrownBy(() -> DialectFinder.find("jdbc:h2:mem:x", "Oracle"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("dialect.name")
                .hasMessageContaining("MySqlDatabaseDialect");
    }

    @Test
    void mySqlQuotesWithBackQuotesAndUpsertsOnDuplicateKey() {
        DatabaseDialect mysql = DialectFinder.find("jdbc:mariadb://h/db", "");
        String table = mysql.quoteQualified(TableId.parse("shop.rates"));
        assertThat(table).isEqualTo("`shop`.`rates`");
        assertThat(mysql.quote("we`ird")).isEqualTo("`we``ird`");
        assertThat(mysql.upsert(table, List.of("`id`"), List.of("`name`")))
                .contains("INSERT INTO `shop`.`rates` (`id`, `name`) VALUES (?, ?) ON DUPLICATE KEY UPDATE"
                        + " `name` = VALUES(`name`)");
        assertThat(mysql.upsert(table, List.of("`a`", "`b`"), List.of()))
                .contains(
                        "INSERT INTO `shop`.`rates` (`a`, `b`) VALUES (?, ?) ON DUPLICATE KEY UPDATE `a` = VALUES(`a`)");
        assertThat(mysql.columnType(SchemaBuilder.string().build(), true)).isEqualTo("VARCHAR(255)");
        assertThat(mysql.columnType(org.apache.kafka.connect.data.Timestamp.SCHEMA, false))
                .isEqualTo("DATETIME(3)");
    }

    @Test
    void decimalsKeepTheirPrecisionAndScaleInColumnTypes() {
        Schema decimal =
                Decimal.builder(2).parameter("connect.decimal.precision", "10").build();
        assertThat(DialectFinder.find("jdbc:postgresql://h/db", "").columnType(decimal, false))
                .isEqualTo("DECIMAL(10,2)");
        assertThat(DialectFinder.find("jdbc:h2:mem:x", "").columnType(Decimal.schema(4), false))
                .isEqualTo("DECIMAL(38,4)");
    }

    @Test
    void theGenericDialectHasNoNativeUpsert() {
        assertThat(DialectFinder.find("jdbc:derby:x", "").upsert("\"t\"", List.of("\"k\""), List.of()))
                .isEmpty();
    }
}
