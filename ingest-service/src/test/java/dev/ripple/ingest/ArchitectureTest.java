package dev.ripple.ingest;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The replay core and the source abstraction are plain Java: no framework, no Kafka, no HTTP. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.ripple.ingest");

    @Test
    void replayCoreAndSourcesAreFreeOfFrameworksAndKafka() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.ripple.ingest.replay", "dev.ripple.ingest.source")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.micronaut..", "jakarta.inject..", "org.apache.kafka..", "io.netty..", "com.fasterxml..")
                .because("the replay's rules are tested without a framework or a broker")
                .check(CLASSES);
    }

    @Test
    void blueskyAndJetstreamCoresArePlainJava() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.ripple.ingest.bluesky", "dev.ripple.ingest.jetstream")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.micronaut..",
                        "jakarta.inject..",
                        "org.apache.kafka..",
                        "io.netty..",
                        "java.net.http..",
                        "dev.ripple.ingest.publish..")
                .because("the mapping and the Jetstream filter are tested and benchmarked without I/O")
                .check(CLASSES);
    }

    @Test
    void platformSourceCoresAreFreeOfFrameworksAndKafka() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.ripple.ingest.mastodon")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.micronaut..", "jakarta.inject..", "org.apache.kafka..", "io.netty..", "com.fasterxml..")
                .because("a source's rules (paging, cursors, mapping, limits) are tested against a plain HTTP"
                        + " abstraction and checkpoints; Micronaut's client lives in mastodon.client, wiring in"
                        + " mastodon.config")
                .check(CLASSES);
    }

    @Test
    void onlyThePublishPackageTalksToKafka() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.ripple.ingest.publish")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.apache.kafka..")
                .because("sources hand events to the one EventPublisher")
                .check(CLASSES);
    }

    @Test
    void coreDoesNotReachIntoTheWebOrTheCommandLine() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "dev.ripple.ingest.replay",
                        "dev.ripple.ingest.source",
                        "dev.ripple.ingest.publish",
                        "dev.ripple.ingest.mastodon")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("..web..", "..cli..", "..config..")
                .check(CLASSES);
    }
}
