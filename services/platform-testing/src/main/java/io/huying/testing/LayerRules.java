package io.huying.testing;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.List;

/**
 * How a service's packages depend on each other (issue 23), for the service whose code lives under
 * {@code base}, e.g. {@code io.huying.sla}. Read top-down: rest and messaging call the services; the
 * services call repositories and mapping and answer domain results; the entities and domain types at
 * the bottom know none of them. The rest package owns its request and response types, and mapping
 * turns domain results into them: mapping is the one package that may look up at rest.
 */
public final class LayerRules {
    /** Every service: none may use another's code; they share only io.huying.contracts and io.huying.platform. */
    public static final List<String> SERVICES = List.of("intake", "dispatch", "response", "feedback", "sla", "notify");

    private LayerRules() {
    }

    /** A service answers domain results; which view the REST API shows of them is not its business. */
    public static ArchRule servicesDoNotDependOnRest(String base) {
        return noClasses().that().resideInAPackage(base + ".service..")
                .should().dependOnClassesThat().resideInAPackage(base + ".rest..")
                .because("a service returns domain results, and the rest resource maps them to its views with mapping/")
                .allowEmptyShould(true);
    }

    /** Services talk through Kafka events and the contracts module, never through each other's classes. */
    public static ArchRule noClassDependsOnAnotherService(String base) {
        String[] others = SERVICES.stream().map(s -> "io.huying." + s).filter(other -> !other.equals(base))
                .map(other -> other + "..").toArray(String[]::new);
        return noClasses().that().resideInAPackage(base + "..")
                .should().dependOnClassesThat().resideInAnyPackage(others)
                .because("services share only io.huying.contracts and io.huying.platform");
    }

    /** Entities (the JPA ones, and every class of the root package) and domain types sit at the bottom. */
    public static ArchRule entitiesDependOnNoLayerAbove(String base) {
        return noClasses().that().resideInAnyPackage(base, base + ".domain..")
                .or().areAnnotatedWith("jakarta.persistence.Entity")
                .should().dependOnClassesThat()
                .resideInAnyPackage(base + ".service..", base + ".rest..", base + ".mapping..", base + ".messaging..")
                .because("entities and domain types are what the layers above work on, not users of them")
                .allowEmptyShould(true);
    }

    /**
     * The packages (rest, service, mapping, repository, ...) form no cycle. mapping builds the views that
     * the rest package owns and its resources call mapping, so that one pair is let through here and held
     * to {@link #restAndMappingFreeOfCycles} class by class instead.
     */
    public static ArchRule packagesFreeOfCycles(String base) {
        return slices().matching(base + ".(*)..").should().beFreeOfCycles()
                .ignoreDependency(resideInAPackage(base + ".mapping.."), resideInAPackage(base + ".rest.."));
    }

    /** No class of rest or mapping reaches itself again through the other: resources call mapping, mapping builds views. */
    public static ArchRule restAndMappingFreeOfCycles(String base) {
        return slices().assignedFrom(new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                String pkg = javaClass.getPackageName();
                boolean restOrMapping = within(pkg, base + ".rest") || within(pkg, base + ".mapping");
                return restOrMapping ? SliceIdentifier.of(topLevel(javaClass.getName())) : SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "the classes of " + base + ".rest and " + base + ".mapping";
            }
        }).should().beFreeOfCycles();
    }

    private static boolean within(String pkg, String parent) {
        return pkg.equals(parent) || pkg.startsWith(parent + ".");
    }

    /** A nested class belongs to its outermost class. */
    private static String topLevel(String className) {
        int nested = className.indexOf('$');
        return nested < 0 ? className : className.substring(0, nested);
    }
}
