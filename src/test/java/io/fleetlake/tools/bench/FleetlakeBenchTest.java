package io.fleetlake.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FleetlakeBenchTest {
    @Test
    void readsTheCpuTimeTheLauncherAndAChildReport() {
        String launcher =
                "fleetlake: done in 30.1 s\n"
                        + "fleetlake: start-up and run times (wall ms, process CPU ms):\n"
                        + "  first record to job end (run, final checkpoint, commit)     25,052   41,150\n"
                        + "  total since JVM start                                       31,205   52,170\n";
        assertThat(FleetlakeBench.cpuMillis(launcher)).isEqualTo(52_170);
        assertThat(FleetlakeBench.cpuMillis("noise\nbench-result process CPU ms 12345\n"))
                .isEqualTo(12_345);
        assertThat(FleetlakeBench.cpuMillis("nothing reported")).isEqualTo(-1);
    }

    @Test
    void splitsAScriptIntoStatementsKeepingAStatementSetWhole() {
        String script =
                "-- a comment\n"
                        + "CREATE TABLE a (x INT);\n\n"
                        + "EXECUTE STATEMENT SET BEGIN\n"
                        + "INSERT INTO a VALUES (1);\n"
                        + "INSERT INTO a VALUES (2);\n"
                        + "END;\n";
        assertThat(FleetlakeBench.statements(script))
                .containsExactly(
                        "CREATE TABLE a (x INT)",
                        "EXECUTE STATEMENT SET BEGIN\nINSERT INTO a VALUES (1);\nINSERT INTO a VALUES (2);\nEND");
    }
}
