package io.fleetlake.tools.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestartReporterTest {

    @Test
    void prefersTheCauseThatNamesTheEndpointOverTheBareRootCause() {
        Exception e =
                new RuntimeException(
                        "source failed",
                        new IllegalStateException(
                                "Unable to execute HTTP request: Connect to 127.0.0.1:4567 failed: Connection refused",
                                new IOException(
                                        "Connect to 127.0.0.1:4567 failed: Connection refused",
                                        new ConnectException("Connection refused"))));
        assertThat(RestartReporter.rootCause(e))
                .isEqualTo(
                        "java.lang.IllegalStateException: Unable to execute HTTP "
                                + "request: Connect to 127.0.0.1:4567 failed: Connection refused");
    }

    @Test
    void wrappersThatOnlyRepeatTheCauseAreSkipped() {
        Exception cause = new ConnectException("Connection refused");
        assertThat(RestartReporter.rootCause(new RuntimeException(cause)))
                .isEqualTo("java.net.ConnectException: Connection refused");
    }

    @Test
    void readsTheCausesOfAStackTraceText() {
        String trace =
                "org.apache.flink.runtime.JobException: Recovery is suppressed\n"
                        + "\tat org.apache.flink.Foo.bar(Foo.java:1)\n"
                        + "Caused by: java.io.IOException: bucket 'lake' refused: NoVersionAttributeException: Change "
                        + "detection policy requires ETag\n"
                        + "\tat x.Y.z(Y.java:2)\n"
                        + "Caused by: software.amazon.NoVersionAttributeException: Change detection policy requires ETag\n";
        assertThat(RestartReporter.rootCause(trace))
                .startsWith("java.io.IOException: bucket 'lake' refused");
        assertThat(RestartReporter.mostTelling(List.of("a.B: only"))).isEqualTo("a.B: only");
    }
}
