package dev.ripple.events;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The contracts stay free of framework code: records, plain Java and the Jackson codec only. */
class EventsArchitectureTests {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.ripple.events");

    @Test
    void noFrameworkDependencies() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "io.micronaut..", "org.apache.kafka..", "jakarta..")
                .check(classes);
    }

    @Test
    void onlyTheCodecKnowsJackson() {
        noClasses()
                .that()
                .doNotHaveSimpleName("EventJson")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("tools.jackson..", "com.fasterxml..")
                .check(classes);
    }

    @Test
    void eventsAreImmutableRecords() {
        classes()
                .that()
                .implement(RippleEvent.class)
                .should()
                .beRecords()
                .andShould()
                .haveSimpleNameEndingWith("ed")
                .check(classes);
    }
}
