package io.fleetlake.connectors.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetlake.testing.FakeGlue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The catalog operations through the real SDK v2 client against the WireMock Glue stand-in. */
class GlueCatalogTest {
    FakeGlue glue;
    GlueCatalog catalog;

    @BeforeEach
    void start() {
        glue = new FakeGlue();
        catalog =
                GlueCatalogFactory.catalog(
                        new GlueSettings("db")
                                .endpoint(glue.endpoint())
                                .region("eu-west-1")
                                .credentials("test", "test")
                                .baseBackoff(Duration.ofMillis(10)));
    }

    @AfterEach
    void stop() {
        catalog.close();
        glue.close();
    }

    static GlueTableDefinition table(String... columns) {
        List<GlueTableDefinition.Column> cols = new ArrayList<>();
        for (String c : columns) {
            cols.add(new GlueTableDefinition.Column(c, "string", "the " + c));
        }
        return new GlueTableDefinition(
                "readings",
                cols,
                List.of("year", "month", "day", "hour"),
                "s3://b/lake/readings",
                "SNAPPY");
    }

    @Test
    void createsDatabaseAndTableThenAddsNewColumnsOnly() {
        assertThat(catalog.ensureTable(table("a", "b"))).isEqualTo(GlueCatalog.TableAction.CREATED);
        assertThat(glue.databases).containsKey("db");
        assertThat(catalog.ensureTable(table("a", "b")))
                .isEqualTo(GlueCatalog.TableAction.UNCHANGED);
        assertThat(catalog.ensureTable(table("a", "b", "c")))
                .isEqualTo(GlueCatalog.TableAction.COLUMNS_ADDED);
        JsonNode t = glue.tables.get("db.readings");
        List<String> names = new ArrayList<>();
        t.path("StorageDescriptor")
                .path("Columns")
                .forEach(c -> names.add(c.path("Name").asText()));
        assertThat(names).containsExactly("a", "b", "c");
        assertThat(t.path("StorageDescriptor").path("Location").asText())
                .isEqualTo("s3://b/lake/readings/");
        assertThat(t.path("Parameters").path("classification").asText()).isEqualTo("parquet");
        assertThat(t.path("TableType").asText()).isEqualTo("EXTERNAL_TABLE");
        assertThat(glue.calls).contains("UpdateTable");
    }

    @Test
    void registersInBatchesOfAtMost100AndTreatsExistingAsRegistered() {
        GlueTableDefinition def = table("a");
        catalog.ensureTable(def);
        List<String> paths = new ArrayList<>();
        for (int h = 0; h < 250; h++) {
            paths.add(
                    String.format(
                            Locale.ROOT,
                            "year=2024/month=%02d/day=%02d/hour=%02d",
                            1 + h / 24 / 28,
                            1 + (h / 24) % 28,
                            h % 24));
        }
        assertThat(catalog.registerPartitions(def, paths.subList(0, 1)).registered).hasSize(1);
        glue.batchFaults.add("500");
        glue.batchFaults.add("throttle");
        GlueCatalog.Registration r = catalog.registerPartitions(def, paths);
        assertThat(r.failed).isEmpty();
        assertThat(r.registered).containsExactlyElementsOf(paths);
        assertThat(glue.partitionsOf("db", "readings")).hasSize(250);
        assertThat(glue.alreadyExistsAnswers.get()).isEqualTo(1);
        // 1 + (500, throttle, then 3 batches of <= 100)
        assertThat(glue.calls.stream().filter("BatchCreatePartition"::equals)).hasSize(1 + 2 + 3);
        JsonNode p = glue.partitionsOf("db", "readings").get("2024/01/01/05");
        assertThat(p.path("StorageDescriptor").path("Location").asText())
                .isEqualTo("s3://b/lake/readings/year=2024/month=01/day=01/hour=05/");
    }

    @Test
    void persistentErrorsAreReturnedNotThrown() {
        GlueTableDefinition def = table("a");
        catalog.ensureTable(def);
        for (int i = 0; i < 5; i++) {
            glue.batchFaults.add("500");
        }
        GlueCatalog.Registration r =
                catalog.registerPartitions(def, List.of("year=2024/month=04/day=18/hour=09"));
        assertThat(r.registered).isEmpty();
        assertThat(r.failed).containsKey("year=2024/month=04/day=18/hour=09");
        assertThat(
                        catalog.registerPartitions(
                                        def, List.of("year=2024/month=04/day=18/hour=09"))
                                .registered)
                .hasSize(1);
    }

    @Test
    void partitionValuesAreThePathValues() {
        GlueTableDefinition def = table("a");
        assertThat(def.partitionValues("year=2024/month=04/day=18/hour=09"))
                .containsExactly("2024", "04", "18", "09");
        assertThatThrownBy(() -> def.partitionValues("month=04/year=2024/day=18/hour=09"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> def.partitionValues("year=2024"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
