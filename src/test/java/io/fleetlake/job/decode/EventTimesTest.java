package io.fleetlake.job.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventTimesTest {
    @Test
    void fastPathAgreesWithTheGeneralParser() {
        for (String s :
                new String[] {
                    "2024-05-06 07:08:09",
                    "2024-05-06T07:08:09",
                    "2024-05-06T07:08:09Z",
                    "2024-05-06T07:08:09.5Z",
                    "2024-05-06 07:08:09.123",
                    "2024-02-29 23:59:59.999999",
                    "1999-12-31T00:00:00"
                }) {
            long fast = EventTimes.parseCommonForm(s);
            assertThat(fast).as(s).isNotEqualTo(Long.MIN_VALUE);
            String iso = s.replace(' ', 'T');
            Instant expected = Instant.parse(iso.endsWith("Z") ? iso : iso + "Z");
            assertThat(fast).as(s).isEqualTo(expected.toEpochMilli());
        }
    }

    @Test
    void otherFormsGoToTheGeneralParser() {
        assertThat(EventTimes.parseCommonForm("2024-05-06T09:08:09+02:00"))
                .isEqualTo(Long.MIN_VALUE);
        assertThat(EventTimes.parse("2024-05-06T09:08:09+02:00"))
                .isEqualTo(Instant.parse("2024-05-06T07:08:09Z").toEpochMilli());
        assertThat(EventTimes.parseCommonForm("2024-02-30 00:00:00")).isEqualTo(Long.MIN_VALUE);
        assertThatThrownBy(() -> EventTimes.parse("2024-02-30 00:00:00"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(EventTimes.parseCommonForm("2024-13-01 00:00:00")).isEqualTo(Long.MIN_VALUE);
        assertThat(EventTimes.parseCommonForm("yesterday")).isEqualTo(Long.MIN_VALUE);
    }
}
