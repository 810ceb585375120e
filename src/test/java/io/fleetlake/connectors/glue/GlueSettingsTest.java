package io.fleetlake.connectors.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** The Glue group's options as {@link GlueSettings}. */
class GlueSettingsTest {
    @Test
    void readsTheOptionsWithTheirDefaults() {
        GlueSettings s =
                GlueSettings.fromConfiguration(
                        Configuration.fromMap(
                                Map.of(
                                        "region",
                                        " eu-west-1 ",
                                        "endpoint",
                                        "http://127.0.0.1:9",
                                        "access-key",
                                        "k",
                                        "secret-key",
                                        "s3cr3t",
                                        "retry-interval",
                                        "5 s")));
        assertThat(s.database()).isEqualTo(GlueOptions.DATABASE.defaultValue());
        assertThat(s.region()).isEqualTo("eu-west-1");
        assertThat(s.endpoint()).isEqualTo("http://127.0.0.1:9");
        assertThat(s.maxAttempts()).isEqualTo(GlueOptions.MAX_ATTEMPTS.defaultValue());
        assertThat(s.retryInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.toString()).doesNotContain("s3cr3t");
    }

    @Test
    void badValuesNameTheKey() {
        assertThatThrownBy(
                        () ->
                                GlueSettings.fromConfiguration(
                                        Configuration.fromMap(Map.of("max-attempts", "0"))))
                .hasMessageContaining("'max-attempts'");
        assertThatThrownBy(
                        () ->
                                GlueSettings.fromConfiguration(
                                        Configuration.fromMap(Map.of("database", " "))))
                .hasMessageContaining("'database'");
        assertThatThrownBy(
                        () ->
                                GlueSettings.fromConfiguration(
                                        Configuration.fromMap(Map.of("retry-interval", "0 s"))))
                .hasMessageContaining("'retry-interval'");
    }
}
