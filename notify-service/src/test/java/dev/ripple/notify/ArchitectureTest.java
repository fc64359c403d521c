package dev.ripple.notify;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The alert policy is plain Java: no framework, no database, no Kafka, no HTTP, no JSON. */
@AnalyzeClasses(packages = "dev.ripple.notify", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule policyDependsOnlyOnTheJdk = classes()
            .that()
            .resideInAPackage("dev.ripple.notify.policy..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("java..", "dev.ripple.notify.policy..");

    @ArchTest
    static final ArchRule policyHasNoSpringJdbcOrKafka = noClasses()
            .that()
            .resideInAPackage("dev.ripple.notify.policy..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "org.springframework..",
                    "java.sql..",
                    "javax.sql..",
                    "org.apache.kafka..",
                    "java.net.http..",
                    "tools.jackson..",
                    "com.fasterxml..",
                    "jakarta..");

    @ArchTest
    static final ArchRule nothingOutsideIntakeReadsKafkaRecords = noClasses()
            .that()
            .resideInAnyPackage("dev.ripple.notify.delivery..", "dev.ripple.notify.subscription..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.apache.kafka..", "org.springframework.kafka..", "org.springframework.cloud..");
}
