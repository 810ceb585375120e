package io.fleetlake.job.topk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopKSpecTest {
    @Test
    void defaultsParse() {
        List<TopKSpec> specs = TopKSpec.parseList(TopKSpec.DEFAULTS_JSON);
        assertThat(specs)
                .extracting(s -> s.name)
                .containsExactly("active_vehicles", "trending_cells", "speeders");
        assertThat(specs)
                .allSatisfy(
                        s -> {
                            assertThat(s.k).isEqualTo(10);
                            assertThat(s.windowSeconds).isEqualTo(60);
                        });
        assertThat(specs.get(0).filter).isEqualTo("TRUE");
    }

    @Test
    void expressionsAreCheckedAtParseTime() {
        assertThat(new TopKSpec("locs", "readings", "location", "temperature > 30", 3, 3600).filter)
                .isEqualTo("temperature > 30");
        assertThatThrownBy(() -> new TopKSpec("a", "breadcrumbs", "plate", null, 5, 60))
                .hasMessageContaining("TOP-K spec 'a'")
                .hasMessageContaining("unknown column 'plate'");
        assertThatThrownBy(() -> new TopKSpec("a", "breadcrumbs", "thing_name", "speed >", 5, 60))
                .hasMessageContaining("expected an expression at position 8");
        assertThatThrownBy(() -> new TopKSpec("a", "readings", "location", "location IS 3", 5, 60))
                .hasMessageContaining("NULL or NOT NULL after IS");
    }

    @Test
    void boundsAreChecked() {
        assertThatThrownBy(() -> new TopKSpec("a", "breadcrumbs", "x", null, 0, 60))
                .hasMessageContaining("k must be 1..100000");
        assertThatThrownBy(() -> new TopKSpec("a", "breadcrumbs", "x", null, 100_001, 60))
                .hasMessageContaining("k must");
        assertThatThrownBy(() -> new TopKSpec("a", "breadcrumbs", "x", null, 5, 3601))
                .hasMessageContaining("1 s..3600 s");
        assertThatThrownBy(() -> new TopKSpec("a", "trucks", "x", null, 5, 60))
                .hasMessageContaining("breadcrumbs or readings");
        assertThatThrownBy(() -> new TopKSpec("A b", "readings", "x", null, 5, 60))
                .hasMessageContaining("must match");
        // Specs are parsed, never spliced into SQL: ';' is just not part of the grammar, and
        // inside a string literal it is text.
        assertThatThrownBy(() -> new TopKSpec("a", "readings", "device_id; DROP", null, 5, 60))
                .hasMessageContaining("expected the end of the expression");
        assertThat(new TopKSpec("a", "readings", "device_id", "origin <> 'a;b--c'", 5, 60).filter)
                .isEqualTo("origin <> 'a;b--c'");
        assertThatThrownBy(() -> TopKSpec.parseList("{}")).hasMessageContaining("JSON array");
        assertThatThrownBy(
                        () ->
                                TopKSpec.parseList(
                                        "[{\"name\":\"a\",\"table\":\"readings\",\"item\":\"location\"},"
                                                + "{\"name\":\"a\",\"table\":\"readings\",\"item\":\"device_id\"}]"))
                .hasMessageContaining("appears twice");
        assertThatThrownBy(
                        () ->
                                TopKSpec.parseList(
                                        "[{\"name\":\"a\",\"table\":\"readings\",\"item\":\"location\","
                                                + "\"window\":\"1500 ms\"}]"))
                .hasMessageContaining("whole seconds");
    }
}
