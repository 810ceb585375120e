package io.fleetlake.connectors.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class InfluxSettingsTest {

    static InfluxSettings of(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return InfluxSettings.fromConfiguration(Configuration.fromMap(m));
    }

    @Test
    void defaultsAreV2WithTheDocumentedBatching() {
        InfluxSettings s =
                of(
                        "url",
                        "https://influx.example:8086/",
                        "org",
                        "acme",
                        "bucket",
                        "fleet",
                        "token",
                        "t0ken");
        assertThat(s.api()).isEqualTo(InfluxOptions.Api.V2);
        assertThat(s.maxBatchSize()).isEqualTo(5000);
        assertThat(s.maxBatchBytes()).isEqualTo(1024 * 1024);
        assertThat(s.maxBufferTime()).hasSeconds(1);
        assertThat(s.gzip()).isTrue();
        assertThat(s.measurementReadings()).isEqualTo("reading");
        assertThat(s.measurementBreadcrumbs()).isNull();
        assertThat(s.writeUri())
                .hasToString(
                        "https://influx.example:8086/api/v2/write?org=acme&bucket=fleet"
                                + "&precision=ms");
        assertThat(s.authorization()).isEqualTo("Token t0ken");
    }

    @Test
    void v1AndV3Endpoints() {
        assertThat(
                        of(
                                        "url",
                                        "http://h:8086",
                                        "api",
                                        "v1",
                                        "database",
                                        "my db",
                                        "retention-policy",
                                        "autogen")
                                .writeUri())
                .hasToString("http://h:8086/write?db=my+db&rp=autogen&precision=ms");
        assertThat(
                        of("url", "http://h:8181", "api", "V3", "database", "fleet", "token", "x")
                                .writeUri())
                .hasToString("http://h:8181/api/v3/write_lp?db=fleet&precision=millisecond");
        assertThat(
                        of("url", "http://h:8181", "api", "v3", "database", "fleet", "token", "x")
                                .authorization())
                .isEqualTo("Bearer x");
        assertThat(
                        of(
                                        "url",
                                        "http://h",
                                        "api",
                                        "v1",
                                        "database",
                                        "d",
                                        "username",
                                        "u",
                                        "password",
                                        "p")
                                .authorization())
                .isEqualTo("Basic dTpw");
    }

    @Test
    void secretsStayOutOfToString() {
        assertThat(
                        of("url", "http://h", "org", "o", "bucket", "b", "token", "sup3r-secret")
                                .toString())
                .doesNotContain("sup3r-secret")
                .contains("auth=token");
        assertThat(
                        of(
                                        "url",
                                        "http://h",
                                        "api",
                                        "v1",
                                        "database",
                                        "d",
                                        "username",
                                        "admin",
                                        "password",
                                        "pw-123")
                                .toString())
                .doesNotContain("pw-123")
                .contains("user admin");
    }

    @Test
    void missingOrBadSettingsFailNamingGroupAndKey() {
        assertThatThrownBy(() -> of("api", "v1", "database", "d"))
                .hasMessage(
                        "missing required key 'url' in property group 'Influx' (needed for every api)");
        assertThatThrownBy(() -> of("url", "http://h", "api", "v1"))
                .hasMessageContaining("'database' in property group 'Influx'")
                .hasMessageContaining("api v1");
        assertThatThrownBy(() -> of("url", "http://h", "org", "o", "bucket", "b"))
                .hasMessageContaining("'token' in property group 'Influx'");
        assertThatThrownBy(() -> of("url", "http://h", "token", "t", "bucket", "b"))
                .hasMessageContaining("'org' in property group 'Influx'");
        assertThatThrownBy(() -> of("url", "ftp://h", "api", "v1", "database", "d"))
                .hasMessageContaining("'url' in property group 'Influx' must be an http");
        assertThatThrownBy(
                        () -> of("url", "http://h", "api", "v1", "database", "d", "username", "u"))
                .hasMessageContaining("'password' in property group 'Influx'");
        assertThatThrownBy(
                        () ->
                                of(
                                        "url",
                                        "http://h",
                                        "api",
                                        "v1",
                                        "database",
                                        "d",
                                        "max-batch-size",
                                        "0"))
                .hasMessageContaining(
                        "'max-batch-size' in property group 'Influx' must be 1 to 100000");
        assertThatThrownBy(
                        () ->
                                of(
                                        "url",
                                        "http://h",
                                        "api",
                                        "v1",
                                        "database",
                                        "d",
                                        "max-batch-size",
                                        "60000"))
                .hasMessageContaining("'max-buffered-requests' in property group 'Influx'");
        assertThatThrownBy(
                        () ->
                                of(
                                        "url",
                                        "http://h",
                                        "api",
                                        "v1",
                                        "database",
                                        "d",
                                        "max-batch-bytes",
                                        "1 kb"))
                .hasMessageContaining("'max-batch-bytes' in property group 'Influx'");
    }
}
