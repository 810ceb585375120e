package io.fleetlake.tools.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every CloudFormation template in {@code deploy/} passes {@code cfn-lint} (which checks it against
 * the AWS resource specification); a finding fails the build. moto's CloudFormation does not create
 * MSF or Glue resources, so the templates are linted here and the deploy command is what runs
 * against moto (DeployITCase).
 */
class CfnLintTest {
    @Test
    void everyTemplateIsClean() throws Exception {
        List<Path> templates;
        try (Stream<Path> files = Files.list(Path.of("deploy"))) {
            templates =
                    files.filter(
                                    f ->
                                            f.toString().endsWith(".yaml")
                                                    || f.toString().endsWith(".yml"))
                            .sorted()
                            .collect(Collectors.toList());
        }
        assertThat(templates).isNotEmpty();
        List<String> command = new ArrayList<>(List.of("cfn-lint", "--"));
        templates.forEach(t -> command.add(t.toString()));
        Path output = Files.createTempFile("cfn-lint", ".txt");
        Process p;
        try {
            p =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(output.toFile())
                            .start();
        } catch (IOException e) {
            throw new AssertionError(
                    "cfn-lint is not on PATH: install it (pip install cfn-lint==1.51.0) to lint"
                            + " deploy/*.yaml",
                    e);
        }
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("cfn-lint finished").isTrue();
        String findings = Files.readString(output);
        assertThat(p.exitValue()).as("cfn-lint %s:%n%s", templates, findings).isZero();
    }
}
