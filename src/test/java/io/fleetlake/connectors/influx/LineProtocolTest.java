package io.fleetlake.connectors.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LineProtocolTest {

    @Test
    void measurementEscapesCommasAndSpacesButNotEquals() {
        assertThat(LineProtocol.line("cargo temp,raw=1").field("v", 1.0).build())
                .isEqualTo("cargo\\ temp\\,raw=1 v=1.0");
    }

    @Test
    void tagKeysTagValuesAndFieldKeysEscapeCommasEqualsAndSpaces() {
        String line =
                LineProtocol.line("reading")
                        .tag("fleet name", "north, west=1")
                        .tag("device_id", "truck 7")
                        .field("temp,c=x y", 21.5)
                        .timeMillis(1713430800000L)
                        .build();
        assertThat(line)
                .isEqualTo(
                        "reading,device_id=truck\\ 7,fleet\\ name=north\\,\\ west\\=1 "
                                + "temp\\,c\\=x\\ y=21.5 1713430800000");
    }

    @Test
    void stringFieldsEscapeQuotesAndBackslashesOnly() {
        assertThat(LineProtocol.line("m").field("s", "say \"hi\", C:\\dir = x").build())
                .isEqualTo("m s=\"say \\\"hi\\\", C:\\\\dir = x\"");
    }

    @Test
    void newlinesNeverEndTheLine() {
        String line =
                LineProtocol.line("a\nb").tag("t", "x\r\ny").field("k\n", "two\nlines").build();
        assertThat(line)
                .doesNotContain("\n")
                .doesNotContain("\r")
                .isEqualTo("a\\ b,t=x\\ \\ y k\\ =\"two\\nlines\"");
    }

    @Test
    void tagsAreSortedAndEmptyOrNullTagsAndNonFiniteFloatsAreLeftOut() {
        String line =
                LineProtocol.line("m")
                        .tag("z", "1")
                        .tag("a", "2")
                        .tag("empty", "")
                        .tag("null", null)
                        .field("nan", Double.NaN)
                        .field("inf", Double.POSITIVE_INFINITY)
                        .field("b", 2.0)
                        .field("a", 1e21)
                        .field("flag", Boolean.TRUE)
                        .build();
        assertThat(line).isEqualTo("m,a=2,z=1 a=1.0E21,b=2.0,flag=true");
    }

    @Test
    void aLineNeedsAFieldAndAMeasurement() {
        assertThat(LineProtocol.line("m").field("x", Double.NaN).hasFields()).isFalse();
        assertThatThrownBy(() -> LineProtocol.line("m").tag("t", "v").build())
                .hasMessageContaining("needs at least one field");
        assertThatThrownBy(() -> LineProtocol.line("")).hasMessageContaining("measurement");
    }

    @Test
    void plainNamesAreUnchanged() {
        assertThat(LineProtocol.escapeKey("device_id")).isSameAs("device_id");
        assertThat(LineProtocol.escapeMeasurement("reading")).isSameAs("reading");
        assertThat(LineProtocol.escapeString("plain")).isSameAs("plain");
    }
}
