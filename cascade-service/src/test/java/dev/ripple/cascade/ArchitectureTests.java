package dev.ripple.cascade;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The correlation core stays plain Java: no framework, no SQL, no Kafka, no I/O. */
class ArchitectureTests {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.ripple.cascade");

    @Test
    void correlationCoreIsFrameworkFree() {
        noClasses()
                .that()
                .resideInAPackage("dev.ripple.cascade.correlation..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework..",
                        "org.apache.kafka..",
                        "java.sql..",
                        "javax.sql..",
                        "tools.jackson..",
                        "java.net..",
                        "java.io..",
                        "java.nio.file..")
                .check(classes);
    }

    @Test
    void coreDoesNotReachIntoOuterLayers() {
        noClasses()
                .that()
                .resideInAPackage("dev.ripple.cascade.correlation..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.ripple.cascade.store..",
                        "dev.ripple.cascade.engine..",
                        "dev.ripple.cascade.api..",
                        "dev.ripple.cascade.intake..",
                        "dev.ripple.cascade.publish..")
                .check(classes);
    }

    @Test
    void apiDoesNotWriteThroughTheEngine() {
        noClasses()
                .that()
                .resideInAPackage("dev.ripple.cascade.api..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.ripple.cascade.engine..", "dev.ripple.cascade.intake..")
                .check(classes);
    }

    @Test
    void theReadSideReadsThroughItsOwnQueries() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "dev.ripple.cascade.api..", "dev.ripple.cascade.query..", "dev.ripple.cascade.viewer..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.ripple.cascade.store..",
                        "dev.ripple.cascade.engine..",
                        "dev.ripple.cascade.intake..",
                        "dev.ripple.cascade.publish..")
                .check(classes);
    }
}
