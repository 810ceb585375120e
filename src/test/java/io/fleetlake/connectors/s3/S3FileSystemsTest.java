package io.fleetlake.connectors.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlake.testing.S3Server;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class S3FileSystemsTest {

    @Test
    void settingsBecomeFlinkS3KeysAndNeverPrintTheSecret() {
        S3FileSystems.Settings s =
                new S3FileSystems.Settings()
                        .endpoint("http://127.0.0.1:9000")
                        .pathStyleAccess(true)
                        .credentials("AK", "SK-secret");
        Configuration c = s.toFlinkConfiguration();
        assertThat(c.toMap())
                .containsEntry("s3.endpoint", "http://127.0.0.1:9000")
                .containsEntry("s3.path.style.access", "true")
                .containsEntry("s3.access-key", "AK")
                .containsEntry("s3.secret-key", "SK-secret")
                .containsEntry("s3.connection.ssl.enabled", "false");
        assertThat(s.toString()).doesNotContain("SK-secret").doesNotContain("AK");
        assertThat(new S3FileSystems.Settings().toFlinkConfiguration().toMap()).isEmpty();
    }

    @Test
    void writesThroughThePluginToALocalS3Server(@TempDir Path dir) throws Exception {
        try (S3Server s3 = S3Server.start(dir, "lake")) {
            S3FileSystems.initialize(s3.settings(), Paths.get("target/plugins"), true);
            org.apache.flink.core.fs.Path p =
                    new org.apache.flink.core.fs.Path("s3://lake/probe/hello.txt");
            try (OutputStream out = p.getFileSystem().create(p, FileSystem.WriteMode.OVERWRITE)) {
                out.write("hello".getBytes(StandardCharsets.UTF_8));
            }
            assertThat(Files.readString(s3.bucketDir("lake").resolve("probe/hello.txt")))
                    .isEqualTo("hello");
        }
    }
}
