package io.fleetlake.connectors.timestream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** The Timestream group's options as a client configuration and sink limits. */
class TimestreamSinkFactoryTest {
    private static Configuration group(Map<String, String> values) {
        return Configuration.fromMap(values);
    }

    @Test
    void readsClientAndLimits() {
        Configuration c =
                group(
                        Map.of(
                                "region",
                                "eu-west-1",
                                "endpoint",
                                "http://127.0.0.1:8080",
                                "max-batch-size",
                                "50",
                                "max-buffered-requests",
                                "51"));
        TimestreamClientConfig client = TimestreamClientConfig.fromConfiguration(c);
        assertThat(client.region()).isEqualTo("eu-west-1");
        assertThat(client.endpoint()).isEqualTo("http://127.0.0.1:8080");
        TimestreamSinkFactory factory = TimestreamSinkFactory.fromConfiguration(c, client);
        assertThat(factory.clientConfig()).isSameAs(client);
        assertThat(factory.sink("db", "readings", (e, ctx) -> null).build().table())
                .isEqualTo("readings");
    }

    @Test
    void badLimitsNameTheKeys() {
        TimestreamClientConfig client = TimestreamClientConfig.of("eu-west-1", null);
        assertThatThrownBy(
                        () ->
                                TimestreamSinkFactory.fromConfiguration(
                                        group(Map.of("max-batch-size", "0")), client))
                .hasMessageContaining("'max-batch-size'");
        assertThatThrownBy(
                        () ->
                                TimestreamSinkFactory.fromConfiguration(
                                        group(
                                                Map.of(
                                                        "max-batch-size",
                                                        "100",
                                                        "max-buffered-requests",
                                                        "100")),
                                        client))
                .hasMessageContaining("'max-buffered-requests'")
                .hasMessageContaining("'max-batch-size'");
        assertThatThrownBy(
                        () ->
                                TimestreamSinkFactory.fromConfiguration(
                                        group(Map.of("max-in-flight-requests", "0")), client))
                .hasMessageContaining("'max-in-flight-requests'");
        assertThatThrownBy(() -> TimestreamClientConfig.fromConfiguration(group(Map.of())))
                .hasMessageContaining("'region'");
    }
}
