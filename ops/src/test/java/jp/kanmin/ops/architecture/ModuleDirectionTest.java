package jp.kanmin.ops.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** Keeps the module directions: command → shared ← query, and only ops knows both sides. */
class ModuleDirectionTest {

    static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                                            .importPackages("jp.kanmin");
    }

    /**
     * No module has a package cycle. Command's incident ⇄ participation went when the roster, which both read, got a
     * package of its own; shared's 23 when four value types moved where they belong (a scheduled inject to the
     * incident it is scheduled in, a report's id to report, the exchange topics and sharing directions, which the
     * directory's agreements and the exchanges both name, to sharing).
     */
    @Test
    void noPackageOfAModuleDependsBackOnItself() {
        for (String module : new String[]{"shared", "command", "query", "ops"}) {
            slices().matching("jp.kanmin." + module + ".(*)..").should().beFreeOfCycles().check(production);
        }
    }

    /** One capability per aggregate, each with its package: what it decides is read in one place. */
    @Test
    void eachAggregateHasAPackageOfItsOwn() {
        var aggregates = production.stream()
                                   .filter(type -> type.isAnnotatedWith("org.axonframework.spring.stereotype.Aggregate"))
                                   .toList();
        assertThat(aggregates).as("aggregates").hasSizeGreaterThanOrEqualTo(5);
        assertThat(aggregates.stream().map(JavaClass::getPackageName)).doesNotHaveDuplicates();
    }

    /**
     * An organisation's participation holds three parts, each with its package: reports, tasks and information
     * exchange. A part decides from its own state and what the aggregate hands it; none reaches into another or back
     * into the aggregate, so each reads on its own. (The module's cycle rule sees the participation as one slice.)
     */
    @Test
    void theParticipationsPartsStandAlone() {
        slices().matching("jp.kanmin.command.participation.(*)..").should().notDependOnEachOther().check(production);
        noClasses().that().resideInAPackage("jp.kanmin.command.participation.*..")
                   .should().dependOnClassesThat().resideInAPackage("jp.kanmin.command.participation")
                   .check(production);
    }

    @Test
    void queryNeverDependsOnCommand() {
        noClasses().that().resideInAPackage("jp.kanmin.query..")
                   .should().dependOnClassesThat().resideInAPackage("jp.kanmin.command..")
                   .check(production);
    }

    @Test
    void commandNeverDependsOnQuery() {
        noClasses().that().resideInAPackage("jp.kanmin.command..")
                   .should().dependOnClassesThat().resideInAPackage("jp.kanmin.query..")
                   .check(production);
    }

    @Test
    void onlyOpsKnowsTheLauncher() {
        noClasses().that().resideInAnyPackage("jp.kanmin.shared..", "jp.kanmin.command..", "jp.kanmin.query..")
                   .should().dependOnClassesThat().resideInAPackage("jp.kanmin.ops..")
                   .check(production);
    }

    @Test
    void sharedHasNoSpringAndNoAxonRuntime() {
        classes().that().resideInAPackage("jp.kanmin.shared..")
                 .should().onlyDependOnClassesThat(
                         com.tngtech.archunit.base.DescribedPredicate.describe(
                                 "the JDK, shared itself, Jackson (for the plans' YAML), Axon's message annotations "
                                 + "or Bean Validation's constraints (a report kind states its rules)",
                                 type -> type.getPackageName().startsWith("java.")
                                         || type.getPackageName().startsWith("jakarta.validation")
                                         || type.getPackageName().startsWith("jp.kanmin.shared")
                                         || type.getPackageName().equals("com.fasterxml.jackson.annotation")
                                         || type.getPackageName().startsWith("tools.jackson.")
                                         || type.getName().equals(
                                                 "org.axonframework.modelling.command.TargetAggregateIdentifier")
                                         || type.getName().equals("org.axonframework.serialization.Revision")))
                 .check(production);
    }

    /**
     * The write side decides from its own state: aggregates, the event store, and command-side records of its own.
     * Read models are reached through Spring Data; the command module and the adapters that serve it never touch it,
     * nor the query module.
     */
    @Test
    void theWriteSideNeverReadsAQuerySideCollection() {
        noClasses().that().resideInAnyPackage("jp.kanmin.command..", "jp.kanmin.ops.adapters..")
                   .should().dependOnClassesThat().resideInAnyPackage("org.springframework.data.mongodb..",
                                                                      "jp.kanmin.query..")
                   .because("read models trail the events; a decision taken from them refuses what was just accepted")
                   .check(production);
    }
}
