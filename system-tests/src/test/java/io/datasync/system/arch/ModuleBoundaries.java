package io.datasync.system.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * The module boundaries of the platform as ArchUnit rules, parameterised by the root package so the same rules are
 * also run against a deliberately broken fixture (proving they fail when they should).
 */
final class ModuleBoundaries {

    /** Every deployable service's top-level package below the root. */
    static final List<String> SERVICES = List.of("config", "sync", "quality", "scheduler", "monitoring", "gateway");

    private ModuleBoundaries() {}

    /** A service may use common-models, the kit and itself; never another service's code. */
    static ArchRule serviceStaysInItsLane(String root, String service) {
        String[] others = SERVICES.stream()
                .filter(s -> !s.equals(service))
                .map(s -> root + "." + s + "..")
                .toArray(String[]::new);
        return noClasses()
                .that()
                .resideInAPackage(root + "." + service + "..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(others)
                .because("services share only common-models (and the service kit): talk to another service over "
                        + "Kafka events or a Feign call, and move shared records into common-models");
    }

    /** common-models is plain records and pure logic: no Spring, no I/O, no infrastructure. */
    static ArchRule modelsHaveNoSpringAndNoIo(String root) {
        return noClasses()
                .that()
                .resideInAPackage(root + ".models..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework..",
                        "jakarta..",
                        "java.sql..",
                        "javax.sql..",
                        "java.nio.file..",
                        "java.net.http..",
                        "org.apache.kafka..",
                        "io.lettuce..",
                        "org.eclipse.paho..",
                        root + ".kit..")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.io.File")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.io.FileInputStream")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.io.FileOutputStream")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.net.Socket")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.net.URLConnection")
                .because("common-models is shared by every service and must stay free of frameworks and I/O: "
                        + "keep records and pure logic there, and put the I/O in the service that needs it");
    }

    /** The kit is infrastructure for services; it must not know any of them. */
    static ArchRule kitKnowsNoService(String root) {
        return noClasses()
                .that()
                .resideInAPackage(root + ".kit..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        SERVICES.stream().map(s -> root + "." + s + "..").toArray(String[]::new))
                .because("the service kit holds only what every service does the same way; domain logic belongs "
                        + "in the service that owns it");
    }

    /** Connector units see the SPI, each other's helpers and common-models; never the engine that drives them. */
    static ArchRule connectorsStayOutOfTheEngine(String root) {
        return noClasses()
                .that()
                .resideInAPackage(root + ".sync.connector..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(root + ".sync.run..", root + ".sync.verify..", root + ".sync.connection..")
                .because(
                        "a connector is a unit the engine drives through the SPI (connector.spi): give it what it needs"
                                + " through SourceContext, SinkContext or KeyAggregates instead of reaching into runs,"
                                + " verification or the API");
    }

    /** The transform SPI names no implementation, and connectors use no transform: both only share the SPI types. */
    static ArchRule transformSpiStaysApart(String root) {
        String because = "transform.spi is what the engine and config use of transforms; built-ins implement it and"
                + " register in TransformRegistry; conversions shared with connectors live in sync.types";
        return com.tngtech.archunit.lang.CompositeArchRule.of(noClasses()
                        .that()
                        .resideInAPackage(root + ".sync.transform.spi..")
                        .should()
                        .dependOnClassesThat()
                        .resideInAPackage(root + ".sync.transform.builtin..")
                        .because(because))
                .and(noClasses()
                        .that()
                        .resideInAPackage(root + ".sync.connector..")
                        .should()
                        .dependOnClassesThat()
                        .resideInAPackage(root + ".sync.transform..")
                        .because(because));
    }
}
