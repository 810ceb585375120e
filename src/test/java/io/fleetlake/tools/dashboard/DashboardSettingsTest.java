package io.fleetlake.tools.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The dashboard's flags: defaults, values, and one line naming a bad flag. */
class DashboardSettingsTest {

    @Test
    void defaultsAndValues() {
        DashboardSettings d = DashboardSettings.parse(new String[0]);
        assertThat(d.lake()).isEqualTo("lake");
        assertThat(d.port()).isEqualTo(8088);
        assertThat(d.tiles()).isEqualTo(DashboardSettings.OSM_TILES);
        assertThat(d.refresh()).isEqualTo(Duration.ofSeconds(5));

        DashboardSettings s =
                DashboardSettings.parse(
                        new String[] {
                            "--lake",
                            "/data/lake",
                            "--port",
                            "0",
                            "--tiles",
                            "NONE",
                            "--refresh",
                            "1 min",
                            "--geofences",
                            "none"
                        });
        assertThat(s.lake()).isEqualTo("/data/lake");
        assertThat(s.port()).isZero();
        assertThat(s.tiles()).isEqualTo("none");
        assertThat(s.refresh()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.geofences()).isNull();
    }

    @Test
    void badFlagsNameTheFlag() {
        assertThatThrownBy(() -> DashboardSettings.parse(new String[] {"--port", "x"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--port");
        assertThatThrownBy(() -> DashboardSettings.parse(new String[] {"--refresh", "2h"}))
                .hasMessageContaining("--refresh must be from 1 s to 10 min");
        assertThatThrownBy(() -> DashboardSettings.parse(new String[] {"--tiles", "ftp://x"}))
                .hasMessageContaining("--tiles");
        assertThatThrownBy(() -> DashboardSettings.parse(new String[] {"--zoom", "3"}))
                .hasMessageContaining("Unknown option");
    }
}
