package io.fleetlake;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;
import org.apache.flink.annotation.Internal;

/**
 * The layering of the source roots, checked on the compiled classes: {@code connectors/} knows
 * nothing of the job or the tools, the job does not know the local tooling ({@code job/tools},
 * which the deployable jar leaves out), and no class uses an {@code @Internal} Flink type except
 * those listed in {@link #INTERNAL_FLINK_USERS}.
 */
@AnalyzeClasses(packages = "io.fleetlake", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    /**
     * The classes (with their nested classes) that still use {@code @Internal} Flink types: the
     * debt to pay down, not a place for new uses. {@code RejectedOutput}
     * (SinkWriterOperatorFactory) is the one meant to stay; the others are FileSink's committables
     * in the lake's commit hooks ({@code LakeFileSink}, {@code BackfillPublisher}), {@code
     * StreamRecord} in a hand-written operator ({@code TopKLocalCounter}), connector-base's {@code
     * FatalExceptionClassifier} (the Timestream writer), {@code ExceptionUtils} (Glue) and {@code
     * DefaultPluginManager} (S3 file systems in this JVM). A new class using an internal type fails
     * this test.
     */
    static final Set<String> INTERNAL_FLINK_USERS =
            Set.of(
                    "io.fleetlake.connectors.sink.RejectedOutput",
                    "io.fleetlake.connectors.lake.LakeFileSink",
                    "io.fleetlake.connectors.lake.BackfillPublisher",
                    "io.fleetlake.connectors.timestream.TimestreamExceptionClassifier",
                    "io.fleetlake.connectors.timestream.TimestreamSinkWriter",
                    "io.fleetlake.connectors.glue.GluePartitionRegistrar",
                    "io.fleetlake.connectors.s3.S3FileSystems",
                    "io.fleetlake.job.topk.TopKLocalCounter");

    private static final DescribedPredicate<JavaClass> LISTED_INTERNAL_USER =
            DescribedPredicate.describe(
                    "listed users of internal Flink API",
                    c -> INTERNAL_FLINK_USERS.contains(c.getName().replaceAll("\\$.*", "")));

    @ArchTest
    static final ArchRule connectorsImportNeitherTheJobNorTheTools =
            noClasses()
                    .that()
                    .resideInAPackage("io.fleetlake.connectors..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage("io.fleetlake.job..", "io.fleetlake.tools..");

    @ArchTest
    static final ArchRule theJobDoesNotImportTheTools =
            noClasses()
                    .that()
                    .resideInAPackage("io.fleetlake.job..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage("io.fleetlake.tools..");

    @ArchTest
    static final ArchRule noInternalFlinkApiOutsideTheOneAllowedClass =
            noClasses()
                    .that()
                    .resideInAPackage("io.fleetlake..")
                    .and(DescribedPredicate.not(LISTED_INTERNAL_USER))
                    .should()
                    .dependOnClassesThat()
                    .areAnnotatedWith(Internal.class);
}
