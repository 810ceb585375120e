package io.fleetlake;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;

/**
 * The layering of the source roots, checked on the compiled classes: {@code connectors/} knows
 * nothing of the job or the tools, the job does not know the local tooling ({@code job/tools},
 * which the deployable jar leaves out), no class uses an {@code @Internal} Flink type except those
 * listed in {@link #INTERNAL_FLINK_USERS}, and a property group's options are read only in the
 * package that declares them (its options, settings and factory classes): everyone else asks that
 * package's settings.
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

    /** Method names of {@link ReadableConfig} and {@code FleetlakeConfig} that read a value. */
    private static final Set<String> READS =
            Set.of("get", "getOptional", "getString", "getInteger", "getLong", "getBoolean");

    /**
     * A method that reads a configuration value ({@link #READS} on a {@link ReadableConfig} or
     * {@code FleetlakeConfig}) must not name a Fleetlake {@link ConfigOption} declared in another
     * package, except for its key ({@code X.key()} on the same line: messages, property maps a tool
     * writes).
     */
    static final ArchCondition<JavaCodeUnit> READ_ONLY_OWN_OPTIONS =
            new ArchCondition<>("read only the config options of their own package") {
                @Override
                public void check(JavaCodeUnit unit, ConditionEvents events) {
                    if ("<clinit>".equals(unit.getName())) {
                        // Static initializers declare options and groups (FleetlakeOptions names
                        // every group's required options); values are read in methods.
                        return;
                    }
                    boolean reads =
                            unit.getMethodCallsFromSelf().stream()
                                    .anyMatch(ArchitectureTest::readsConfiguration);
                    if (!reads) {
                        return;
                    }
                    Set<Integer> keyLines =
                            unit.getMethodCallsFromSelf().stream()
                                    .filter(
                                            c ->
                                                    c.getTarget()
                                                            .getOwner()
                                                            .isAssignableTo(ConfigOption.class))
                                    .map(JavaAccess::getLineNumber)
                                    .collect(Collectors.toSet());
                    for (JavaFieldAccess a : unit.getFieldAccesses()) {
                        JavaClass owner = a.getTarget().getOwner();
                        if (a.getTarget().getRawType().isAssignableTo(ConfigOption.class)
                                && owner.getPackageName().startsWith("io.fleetlake")
                                && !owner.getPackageName().equals(unit.getOwner().getPackageName())
                                && !keyLines.contains(a.getLineNumber())) {
                            events.add(
                                    SimpleConditionEvent.violated(
                                            unit,
                                            unit.getFullName()
                                                    + " reads "
                                                    + owner.getSimpleName()
                                                    + "."
                                                    + a.getTarget().getName()
                                                    + " ("
                                                    + a.getSourceCodeLocation()
                                                    + "): ask "
                                                    + owner.getPackageName()
                                                    + "'s settings instead"));
                        }
                    }
                }
            };

    private static boolean readsConfiguration(JavaMethodCall call) {
        JavaClass owner = call.getTarget().getOwner();
        return READS.contains(call.getName())
                && (owner.isAssignableTo(ReadableConfig.class)
                        || owner.isAssignableTo("io.fleetlake.job.config.FleetlakeConfig"));
    }

    @ArchTest
    static final ArchRule groupOptionsAreReadOnlyByTheirOwnPackage =
            codeUnits()
                    .that()
                    .areDeclaredInClassesThat()
                    .resideInAPackage("io.fleetlake..")
                    .should(READ_ONLY_OWN_OPTIONS);

    /**
     * The classes outside an output's package that may still name it: {@code Outputs} (the one
     * registration line), and the debt of the outputs written before extensions existed: {@code
     * FleetlakeOptions}' group aliases, {@code LakeTables}' schemas of topk, alerts and the
     * rollups, and {@code FleetlakeJob}, whose watermark takes TOP-K's allowed lateness. Any other
     * class naming an output's package fails, so a new output stays one package plus one
     * registration line (and Rollups, the first written as an extension, is named only by {@code
     * Outputs} and {@code LakeTables}).
     */
    static final Set<String> OUTPUT_REFERENCES_ALLOWED =
            Set.of(
                    "io.fleetlake.job.output.Outputs",
                    "io.fleetlake.job.config.FleetlakeOptions",
                    "io.fleetlake.job.lake.LakeTables",
                    "io.fleetlake.job.FleetlakeJob");

    /** The packages of the registered outputs. */
    static final Set<String> OUTPUT_PACKAGES =
            io.fleetlake.job.output.Outputs.ALL.stream()
                    .map(o -> o.getClass().getPackageName())
                    .collect(Collectors.toSet());

    @ArchTest
    static final ArchRule onlyTheRegistrationNamesAnOutput =
            noClasses()
                    .that()
                    .resideInAPackage("io.fleetlake.job..")
                    .and(
                            DescribedPredicate.describe(
                                    "are outside the outputs' packages and not allowed to name them",
                                    (JavaClass c) ->
                                            !OUTPUT_PACKAGES.contains(c.getPackageName())
                                                    && !OUTPUT_REFERENCES_ALLOWED.contains(
                                                            c.getName().replaceAll("\\$.*", ""))))
                    .should()
                    .dependOnClassesThat(
                            DescribedPredicate.describe(
                                    "reside in an output's package",
                                    (JavaClass c) -> OUTPUT_PACKAGES.contains(c.getPackageName())));
}
