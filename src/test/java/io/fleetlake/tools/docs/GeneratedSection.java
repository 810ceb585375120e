package io.fleetlake.tools.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A generated block of a docs page, between {@code <!-- NAME:begin ... -->} and {@code <!--
 * NAME:end -->}: the test fails when the page's block differs from the code's output, and with
 * {@code -Dfleetlake.docs.write=true} it rewrites the block instead (then review the diff).
 */
public final class GeneratedSection {
    private GeneratedSection() {}

    /**
     * Asserts (or, with -Dfleetlake.docs.write=true, writes) the block {@code name} of {@code
     * page}.
     */
    public static void check(Path page, String name, String generated) throws IOException {
        String text = Files.readString(page, StandardCharsets.UTF_8);
        String beginPrefix = "<!-- " + name + ":begin";
        String end = "<!-- " + name + ":end -->";
        int b = text.indexOf(beginPrefix);
        assertThat(b)
                .as(page + " has the marker " + beginPrefix + " -->")
                .isGreaterThanOrEqualTo(0);
        int bodyStart = text.indexOf("-->", b) + 3;
        int e = text.indexOf(end, bodyStart);
        assertThat(e).as(page + " has the marker " + end).isGreaterThan(b);
        String expected = generated.strip();
        if (Boolean.getBoolean("fleetlake.docs.write")) {
            Files.writeString(
                    page,
                    text.substring(0, bodyStart) + "\n" + expected + "\n" + text.substring(e),
                    StandardCharsets.UTF_8);
            return;
        }
        assertThat(text.substring(bodyStart, e).strip())
                .as(
                        "the generated block '%s' of %s; regenerate with: mvn -o test -Dtest=%s"
                                + " -Dfleetlake.docs.write=true",
                        name, page, callerTest())
                .isEqualTo(expected);
    }

    private static String callerTest() {
        for (StackTraceElement e : new Throwable().getStackTrace()) {
            if (e.getClassName().endsWith("Test")) {
                String c = e.getClassName();
                return c.substring(c.lastIndexOf('.') + 1);
            }
        }
        return "<the failing test>";
    }
}
