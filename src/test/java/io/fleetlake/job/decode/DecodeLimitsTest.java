package io.fleetlake.job.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class DecodeLimitsTest {
    @Test
    void defaults() {
        DecodeLimits d = DecodeLimits.defaults();
        assertThat(d.minEventTime).isEqualTo(Instant.parse("2000-01-01T00:00:00Z").toEpochMilli());
        assertThat(d.maxEventTimeAheadMillis).isEqualTo(86_400_000L);
        assertThat(d.maxMessageBytes).isEqualTo(256 * 1024);
        assertThat(d.maxTextLength).isEqualTo(4096);
        assertThat(d.maxEventTime(Long.MAX_VALUE - 5)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void fromTheJobGroupFailingFastNamingTheKey() {
        Configuration c = new Configuration();
        c.setString("min-event-time", "2020-01-01T00:00:00Z");
        c.setString("max-event-time-ahead", "1 h");
        c.setString("max-message-bytes", "1 mb");
        c.setString("max-text-length", "100");
        DecodeLimits d = DecodeLimits.fromConfiguration(c);
        assertThat(d.minEventTime).isEqualTo(Instant.parse("2020-01-01T00:00:00Z").toEpochMilli());
        assertThat(d.maxEventTimeAheadMillis).isEqualTo(3_600_000L);
        assertThat(d.maxMessageBytes).isEqualTo(1 << 20);
        assertThat(d.maxTextLength).isEqualTo(100);

        Configuration bad = new Configuration();
        bad.setString("min-event-time", "yesterday");
        assertThatThrownBy(() -> DecodeLimits.fromConfiguration(bad))
                .hasMessageContaining("Job.min-event-time");
        Configuration zero = new Configuration();
        zero.setString("max-text-length", "0");
        assertThatThrownBy(() -> DecodeLimits.fromConfiguration(zero))
                .hasMessageContaining("Job.max-text-length");
    }
}
