package io.datasync.system.arch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class ModuleBoundariesTest {

    private static final String ROOT = "io.datasync";
    private static final String FIXTURE = "io.datasync.system.archfixture";
    private static JavaClasses production;
    private static JavaClasses fixture;

    @BeforeAll
    static void importClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
        fixture = new ClassFileImporter().importPackages(FIXTURE);
    }

    @Test
    void seesEveryModule() {
        assertThat(production.stream()
                        .map(c -> c.getPackageName().split("\\.")[2])
                        .distinct())
                .contains("models", "kit", "config", "sync", "quality", "scheduler", "monitoring", "gateway");
    }

    @ParameterizedTest
    @FieldSource("io.datasync.system.arch.ModuleBoundaries#SERVICES")
    void servicesDoNotImportEachOther(String service) {
        ModuleBoundaries.serviceStaysInItsLane(ROOT, service).check(production);
    }

    @Test
    void commonModelsHaveNoSpringAndNoIo() {
        ModuleBoundaries.modelsHaveNoSpringAndNoIo(ROOT).check(production);
    }

    @Test
    void kitKnowsNoService() {
        ModuleBoundaries.kitKnowsNoService(ROOT).check(production);
    }

    @Test
    void connectorsDoNotReachIntoTheEngine() {
        ModuleBoundaries.connectorsStayOutOfTheEngine(ROOT).check(production);
    }

    @Test
    void failsWhenAConnectorReachesIntoTheEngine() {
        assertThatThrownBy(() ->
                        ModuleBoundaries.connectorsStayOutOfTheEngine(FIXTURE).check(fixture))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("LeakyConnector")
                .hasMessageContaining("connector is a unit the engine drives");
    }

    @Test
    void theTransformSpiStaysApartFromItsImplementationsAndFromConnectors() {
        ModuleBoundaries.transformSpiStaysApart(ROOT).check(production);
    }

    @Test
    void failsWhenTheTransformSpiReachesIntoABuiltin() {
        assertThatThrownBy(
                        () -> ModuleBoundaries.transformSpiStaysApart(FIXTURE).check(fixture))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("LeakySpi")
                .hasMessageContaining("built-ins implement it");
    }

    @Test
    void failsWhenAServiceImportsAnotherServicesCode() {
        assertThatThrownBy(() ->
                        ModuleBoundaries.serviceStaysInItsLane(FIXTURE, "sync").check(fixture))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("LeakySyncCode")
                .hasMessageContaining("services share only common-models");
    }

    @Test
    void failsWhenCommonModelsGainSpringOrIo() {
        assertThatThrownBy(() ->
                        ModuleBoundaries.modelsHaveNoSpringAndNoIo(FIXTURE).check(fixture))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("ModelWithSpringAndIo")
                .hasMessageContaining("org.springframework")
                .hasMessageContaining("java.io.File");
    }
}
