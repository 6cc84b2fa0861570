package io.huying.testing;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@link LayerRules} for one service's main code. A service's test tree subclasses it in its base
 * package, and that package names the service: {@code class SlaLayersTest extends ServiceLayersTest {}}
 * in {@code io.huying.sla}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ServiceLayersTest {
    private String base;
    private JavaClasses classes;

    @BeforeAll
    void importMainClasses() {
        base = getClass().getPackageName();
        classes = new ClassFileImporter().withImportOption(new ImportOption.DoNotIncludeTests()).importPackages(base);
    }

    @Test
    void servicesDoNotDependOnRest() {
        LayerRules.servicesDoNotDependOnRest(base).check(classes);
    }

    @Test
    void noClassDependsOnAnotherService() {
        LayerRules.noClassDependsOnAnotherService(base).check(classes);
    }

    @Test
    void entitiesAndDomainTypesDependOnNoLayerAbove() {
        LayerRules.entitiesDependOnNoLayerAbove(base).check(classes);
    }

    @Test
    void packagesAreFreeOfCycles() {
        LayerRules.packagesFreeOfCycles(base).check(classes);
    }

    @Test
    void restAndMappingClassesAreFreeOfCycles() {
        LayerRules.restAndMappingFreeOfCycles(base).check(classes);
    }
}
