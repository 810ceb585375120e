package io.fleetlake.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetlake.connectors.glue.GlueOptions;
import io.fleetlake.connectors.s3.S3FileSystems;
import io.fleetlake.connectors.s3.S3Options;
import io.fleetlake.tools.config.ConfigReference;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/**
 * The shared AWS client options have one naming ({@code access-key-id}, {@code secret-access-key});
 * the keys groups used before still parse, as the same options, and the reference marks them.
 */
class DeprecatedKeysTest {

    @Test
    void oldAndNewCredentialKeysReadTheSameOption() {
        for (String[] keys :
                new String[][] {
                    {"access-key", "secret-key", "s3-access-key", "s3-secret-key"},
                    {
                        "access-key-id",
                        "secret-access-key",
                        "s3-access-key-id",
                        "s3-secret-access-key"
                    }
                }) {
            Map<String, Map<String, String>> groups = new LinkedHashMap<>();
            groups.put("Glue", Map.of(keys[0], "glue-key", keys[1], "glue-secret"));
            groups.put(
                    "Lake", Map.of("path", "/tmp/lake", keys[2], "s3-key", keys[3], "s3-secret"));
            FleetlakeConfig config = FleetlakeConfig.of(groups);
            Configuration glue = config.section(FleetlakeOptions.GLUE);
            assertThat(glue.get(GlueOptions.ACCESS_KEY)).isEqualTo("glue-key");
            assertThat(glue.get(GlueOptions.SECRET_KEY)).isEqualTo("glue-secret");
            Configuration lake = config.section(FleetlakeOptions.LAKE);
            assertThat(lake.get(S3Options.ACCESS_KEY)).isEqualTo("s3-key");
            assertThat(
                            S3FileSystems.Settings.fromConfiguration(lake)
                                    .toFlinkConfiguration()
                                    .toMap())
                    .containsEntry("s3.access-key", "s3-key")
                    .containsEntry("s3.secret-key", "s3-secret");
        }
    }

    @Test
    void theNewNamesAreTheOptionsKeys() {
        assertThat(GlueOptions.ACCESS_KEY.key()).isEqualTo("access-key-id");
        assertThat(GlueOptions.SECRET_KEY.key()).isEqualTo("secret-access-key");
        assertThat(S3Options.ACCESS_KEY.key()).isEqualTo("s3-access-key-id");
        assertThat(S3Options.SECRET_KEY.key()).isEqualTo("s3-secret-access-key");
    }

    @Test
    void unknownKeysAreStillRefused() {
        assertThatThrownBy(() -> FleetlakeConfig.of(Map.of("Glue", Map.of("access-keys", "x"))))
                .hasMessageContaining("unknown key 'access-keys' in property group 'Glue'");
    }

    @Test
    void theReferenceMarksDeprecatedKeys() {
        assertThat(ConfigReference.markdown())
                .contains("| `Glue` | `access-key-id` |")
                .contains("Deprecated key: `access-key`.")
                .contains("Deprecated key: `s3-secret-key`.");
    }
}
